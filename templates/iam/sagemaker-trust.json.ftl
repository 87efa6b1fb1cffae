<#-- Trust policy of the SageMaker execution role: the SageMaker service, from this account only. Model: accountId. -->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "sagemaker.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "aws:SourceAccount": ${accountId?c} } }
    }
  ]
}
