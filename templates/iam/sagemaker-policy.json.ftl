<#-- Permissions of the SageMaker execution role: read the granted buckets, write the output buckets, logs and
     metrics of its own jobs, pull the training image. Model: region, accountId, readBuckets, writeBuckets. -->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
<#if readBuckets?has_content>
    {
      "Sid": "DdaRead",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": [<#list readBuckets as b>${("arn:aws:s3:::" + b)?c}, ${("arn:aws:s3:::" + b + "/*")?c}<#sep>, </#list>]
    },
</#if>
<#if writeBuckets?has_content>
    {
      "Sid": "DdaWrite",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"],
      "Resource": [<#list writeBuckets as b>${("arn:aws:s3:::" + b)?c}, ${("arn:aws:s3:::" + b + "/*")?c}<#sep>, </#list>]
    },
</#if>
    {
      "Sid": "DdaJobLogs",
      "Effect": "Allow",
      "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams",
                 "cloudwatch:PutMetricData"],
      "Resource": "*"
    },
    {
      "Sid": "DdaPullImage",
      "Effect": "Allow",
      "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                 "ecr:BatchCheckLayerAvailability"],
      "Resource": "*"
    }
  ]
}
