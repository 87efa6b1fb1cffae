<#-- Permissions of the access role dda assumes, least privilege for what the pipeline keeps in this account.
     Model: region, accountId, buckets (S3 names in this account), hostsJobs (SageMaker, Greengrass, IoT, logs run
     here), sageMakerRole (ARN dda passes to SageMaker, or ""). -->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
<#if buckets?has_content>
    {
      "Sid": "DdaBuckets",
      "Effect": "Allow",
      "Action": ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketTagging", "s3:PutBucketTagging",
                 "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketCors", "s3:PutBucketCors",
                 "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetEncryptionConfiguration",
                 "s3:PutEncryptionConfiguration", "s3:GetBucketVersioning", "s3:PutBucketVersioning",
                 "s3:ListBucketVersions"],
      "Resource": [<#list buckets as b>${("arn:aws:s3:::" + b)?c}<#sep>, </#list>]
    },
    {
      "Sid": "DdaObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload"],
      "Resource": [<#list buckets as b>${("arn:aws:s3:::" + b + "/*")?c}<#sep>, </#list>]
    },
</#if>
<#if hostsJobs>
    {
      "Sid": "DdaSageMakerJobs",
      "Effect": "Allow",
      "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob",
                 "sagemaker:CreateCompilationJob", "sagemaker:DescribeCompilationJob",
                 "sagemaker:CreateLabelingJob", "sagemaker:DescribeLabelingJob", "sagemaker:AddTags"],
      "Resource": [${("arn:aws:sagemaker:" + region + ":" + accountId + ":training-job/*")?c},
                   ${("arn:aws:sagemaker:" + region + ":" + accountId + ":compilation-job/*")?c},
                   ${("arn:aws:sagemaker:" + region + ":" + accountId + ":labeling-job/*")?c}]
    },
    {
      "Sid": "DdaGreengrass",
      "Effect": "Allow",
      "Action": ["greengrass:CreateComponentVersion", "greengrass:DescribeComponent", "greengrass:GetComponent",
                 "greengrass:DeleteComponent", "greengrass:CreateDeployment", "greengrass:GetDeployment",
                 "greengrass:ListDeployments", "greengrass:CancelDeployment", "greengrass:ListCoreDevices",
                 "greengrass:ListEffectiveDeployments", "greengrass:ListInstalledComponents", "greengrass:TagResource",
                 "iot:DescribeThingGroup", "iot:CreateThingGroup", "iot:DeleteThingGroup", "iot:ListThingGroups",
                 "iot:ListThingsInThingGroup",
                 "iot:AddThingToThingGroup", "iot:RemoveThingFromThingGroup", "iot:TagResource",
                 "iot:CreateJob", "iot:DescribeJob", "iot:CancelJob"],
      "Resource": "*"
    },
    {
      "Sid": "DdaLogGroups",
      "Effect": "Allow",
      "Action": "logs:DescribeLogGroups",
      "Resource": ${("arn:aws:logs:" + region + ":" + accountId + ":log-group:*")?c}
    },
    {
      "Sid": "DdaLogs",
      "Effect": "Allow",
      "Action": ["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"],
      "Resource": [${("arn:aws:logs:" + region + ":" + accountId + ":log-group:/aws/sagemaker/TrainingJobs:*")?c},
                   ${("arn:aws:logs:" + region + ":" + accountId + ":log-group:/aws/greengrass/*")?c}]
    },
</#if>
<#if sageMakerRole?has_content>
    {
      "Sid": "DdaPassSageMakerRole",
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": ${sageMakerRole?c},
      "Condition": { "StringEquals": { "iam:PassedToService": "sagemaker.amazonaws.com" } }
    },
</#if>
    {
      "Sid": "DdaWhoAmI",
      "Effect": "Allow",
      "Action": "sts:GetCallerIdentity",
      "Resource": "*"
    }
  ]
}
