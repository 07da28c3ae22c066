import { Construct } from 'constructs';
import { KubeServiceAccount } from 'cdk8s-plus-28/lib/imports/k8s';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy } from '../../imports/eso-externalsecret-external-secrets.io';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/eso-secretstore-external-secrets.io';
import { placeIn } from '../private/placement';
import { ARGOCD_NAMESPACE } from './app-project';
import { PlatformEnvironment } from './platform-environment';

/**
 * Argo CD's credentials for a private GitOps repository, from AWS Secrets
 * Manager through External Secrets: a SecretStore in `argocd` that assumes
 * the platform's own IAM role (which reads that one secret), and an
 * ExternalSecret that writes the repository Secret Argo CD recognises by its
 * label. No credential is ever in Git.
 */
export class RepositoryCredentials extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { org, environment: env } = PlatformEnvironment.of(this);
    const secret = org.gitops.credentialsSecret;
    if (secret === undefined) return;
    placeIn(this, 'platform/config/argocd');
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };
    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: 'external-secrets', namespace: ARGOCD_NAMESPACE, labels, annotations: { 'eks.amazonaws.com/role-arn': env.platformSecretsRoleArn() } },
      automountServiceAccountToken: false,
    });
    new SecretStore(this, 'Store', {
      metadata: { name: 'aws-secretsmanager', namespace: ARGOCD_NAMESPACE, labels },
      spec: { provider: { aws: { service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: env.awsRegion, auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } } } } },
    });
    new ExternalSecret(this, 'Credentials', {
      metadata: { name: 'gitops-repository', namespace: ARGOCD_NAMESPACE, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'aws-secretsmanager', kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
        target: {
          name: 'gitops-repository',
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: {
            metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
            data: { type: 'git', url: org.gitops.publish.repoURL, username: '{{ .username }}', password: '{{ .password }}' },
          },
        },
        data: [
          { secretKey: 'username', remoteRef: { key: secret, property: 'username' } },
          { secretKey: 'password', remoteRef: { key: secret, property: 'password' } },
        ],
      },
    });
  }
}
