<#--
  The bucket policy dda writes: one least-privilege statement per grant (the role ARN as principal; list and
  location on the bucket, object actions on its objects) and a deny of every request that does not use TLS.
  Model: bucket (name), statements [{sid, principal, bucketActions[], objectActions[]}], denyInsecureTransport
  (false only against a plain-http emulator endpoint).
-->
<#setting c_format="JSON">
{
  "Version": "2012-10-17",
  "Statement": [
<#list statements as s>
    {
      "Sid": ${s.sid?c},
      "Effect": "Allow",
      "Principal": { "AWS": ${s.principal?c} },
      "Action": [<#list s.bucketActions as a>${a?c}<#sep>, </#list>],
      "Resource": ${("arn:aws:s3:::" + bucket)?c}
    },
    {
      "Sid": ${(s.sid + "Objects")?c},
      "Effect": "Allow",
      "Principal": { "AWS": ${s.principal?c} },
      "Action": [<#list s.objectActions as a>${a?c}<#sep>, </#list>],
      "Resource": ${("arn:aws:s3:::" + bucket + "/*")?c}
    }<#sep>,</#sep>
</#list>
<#if denyInsecureTransport><#if statements?has_content>,</#if>
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [${("arn:aws:s3:::" + bucket)?c}, ${("arn:aws:s3:::" + bucket + "/*")?c}],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
</#if>
  ]
}
