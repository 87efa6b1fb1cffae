<#-- Permissions of the identity that runs dda in the Portal account (a person, or the CI's OIDC role): assume
     the accounts' access roles, keep the state in S3 and the lock in DynamoDB. Resources the spec puts in the
     Portal account itself need the access-role statements as well. Model: region, accountId, stateBucket (""
     when the state lives in another account), stateKey, lockTable, roleArns. -->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
<#if roleArns?has_content>
    {
      "Sid": "DdaAssumeAccessRoles",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": [<#list roleArns as r>${r?c}<#sep>, </#list>]
    },
</#if>
<#if stateBucket?has_content>
    {
      "Sid": "DdaStateBucket",
      "Effect": "Allow",
      "Action": ["s3:CreateBucket", "s3:ListBucket", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration",
                 "s3:PutBucketVersioning"],
      "Resource": ${("arn:aws:s3:::" + stateBucket)?c}
    },
    {
      "Sid": "DdaState",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": ${("arn:aws:s3:::" + stateBucket + "/" + stateKey + "*")?c}
    },
    {
      "Sid": "DdaLock",
      "Effect": "Allow",
      "Action": ["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                 "dynamodb:DeleteItem"],
      "Resource": ${("arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + lockTable)?c}
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
