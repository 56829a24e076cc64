/**
 * Everything the extension takes from the AWS SDK, in one module. The build bundles it apart
 * (dist/aws-sdk.js) and loadSdk() requires it on first use, so activation never pays for it.
 */
export {
  MWAAClient,
  ListEnvironmentsCommand,
  GetEnvironmentCommand,
  UpdateEnvironmentCommand,
  CreateCliTokenCommand,
  CreateWebLoginTokenCommand,
} from '@aws-sdk/client-mwaa';
export { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, DeleteObjectCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
export {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
export {
  SecretsManagerClient,
  ListSecretsCommand,
  GetSecretValueCommand,
  DescribeSecretCommand,
  CreateSecretCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  GetResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
export { IAMClient, SimulatePrincipalPolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam';
export { KMSClient, DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
export { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
export { fromIni, fromNodeProviderChain, fromEnv, fromContainerMetadata, fromInstanceMetadata } from '@aws-sdk/credential-providers';
// The shared config parser fromIni itself uses, so the profiles we list are the ones it resolves.
export { loadSharedConfigFiles } from '@smithy/core/config';
// SigV4 for InvokeRestApi, which client-mwaa 3.523.0 has no command for.
export { SignatureV4 } from '@smithy/signature-v4';
