<#-- Trust policy of the cross-account access role (DDAPortalAccessRole, DDAPortalDataAccessRole): only the Portal
     account, and only with the External ID. Model: portalAccountId, externalId. -->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": ${("arn:aws:iam::" + portalAccountId + ":root")?c} },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "sts:ExternalId": ${externalId?c} } }
    }
  ]
}
