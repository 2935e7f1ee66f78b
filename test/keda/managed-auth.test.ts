import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, resultsOf, scaledObject, prometheusTrigger, triggerAuth, withAuth } from './fixtures.js';

const AZURE = 'https://orders-amw-a1b2.eastus.prometheus.monitor.azure.com';
const AMAZON = 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const GOOGLE = 'https://monitoring.googleapis.com/v1/projects/orders-prod/location/global/prometheus';
const ADDRESS = 'spec.triggers[0].metadata.serverAddress';

const azureMessage = (through: string): string =>
  `serverAddress is Azure Monitor managed Prometheus, but ${through} has no podIdentity provider azure-workload: KEDA sends no token and the query fails with "401 Unauthorized: Request does not contain an Authorization Header" (keda#5203); reference a TriggerAuthentication with podIdentity: {provider: azure-workload} (and a workload identity federated with the KEDA operator)`;

describe('keda-managed-auth: Azure Monitor managed Prometheus', () => {
  test('GIVEN an Azure workspace and no authenticationRef (keda#5203) THEN an error: the 401 it will get and the identity to add', () => {
    expect(resultsOf('keda-managed-auth', [scaledObject([prometheusTrigger({ serverAddress: AZURE })])])).toEqual([
      finding(SO_REF, 'error', 'keda-managed-auth', ADDRESS, azureMessage('the trigger (no authenticationRef)')),
    ]);
  });

  test('GIVEN a TriggerAuthentication with another provider THEN an error naming it', () => {
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AZURE }), triggerAuth({ podIdentity: { provider: 'gcp' } })])).toEqual([
      finding(SO_REF, 'error', 'keda-managed-auth', ADDRESS, azureMessage('TriggerAuthentication "prom-auth"')),
    ]);
  });

  test('GIVEN azure-workload in the TriggerAuthentication (also in the US Government cloud) THEN nothing', () => {
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AZURE }), triggerAuth({ podIdentity: { provider: 'azure-workload' } })])).toEqual([]);
    const usGov = 'https://orders-amw.usgovvirginia.prometheus.monitor.azure.us';
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: usGov }), triggerAuth({ podIdentity: { provider: 'azure-workload' } })])).toEqual([]);
    expect(resultsOf('keda-managed-auth', [scaledObject([prometheusTrigger({ serverAddress: usGov })])])).toHaveLength(1);
  });

  test('GIVEN a TriggerAuthentication that is not in the input THEN nothing (nothing is certain; keda-auth-ref says so)', () => {
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AZURE })])).toEqual([]);
  });

  test('GIVEN authModes on the trigger THEN nothing here: KEDA sends those credentials, keda-auth-modes checks them', () => {
    expect(
      resultsOf('keda-managed-auth', [withAuth({ serverAddress: AZURE, authModes: 'bearer' }), triggerAuth(fromSecret({ bearerToken: 'token' }))]),
    ).toEqual([]);
  });

  test('GIVEN a host that only looks similar THEN nothing', () => {
    expect(resultsOf('keda-managed-auth', [scaledObject([prometheusTrigger({ serverAddress: 'https://prometheus.monitor.azure.com.example.org' })])])).toEqual(
      [],
    );
  });
});

describe('keda-managed-auth: Amazon Managed Service for Prometheus', () => {
  test('GIVEN an AMP workspace and no AWS identity THEN an error: the 403 and the identity and region to set', () => {
    expect(resultsOf('keda-managed-auth', [scaledObject([prometheusTrigger({ serverAddress: AMAZON, awsRegion: 'eu-west-1' })])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-managed-auth',
        ADDRESS,
        'serverAddress is Amazon Managed Service for Prometheus, but the trigger (no authenticationRef) has no podIdentity provider aws: KEDA does not sign the query (SigV4) and the workspace answers 403 Forbidden; reference a TriggerAuthentication with podIdentity: {provider: aws} (EKS Pod Identity or IRSA) and set metadata.awsRegion: "eu-west-1"',
      ),
    ]);
  });

  test("GIVEN awsRegion that is not the workspace's (keda#5419) THEN an error at awsRegion proposing the URL's region", () => {
    expect(
      resultsOf('keda-managed-auth', [withAuth({ serverAddress: AMAZON, awsRegion: 'us-east-1' }), triggerAuth({ podIdentity: { provider: 'aws' } })]),
    ).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-managed-auth',
        'spec.triggers[0].metadata.awsRegion',
        'awsRegion "us-east-1" is not the workspace\'s region "eu-west-1" in serverAddress: the workspace answers "403 Credential should be scoped to a valid region" (keda#5419); set metadata.awsRegion: "eu-west-1"',
        { currentValue: 'us-east-1', proposedValue: 'eu-west-1' },
      ),
    ]);
  });

  test("GIVEN no awsRegion THEN an error proposing the URL's region", () => {
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AMAZON }), triggerAuth({ podIdentity: { provider: 'aws' } })])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-managed-auth',
        'spec.triggers[0].metadata.awsRegion',
        'the trigger has no awsRegion: KEDA signs the query for no region and the workspace answers "403 Credential should be scoped to a valid region" (keda#5419); set metadata.awsRegion: "eu-west-1", the region in serverAddress',
        { proposedValue: 'eu-west-1' },
      ),
    ]);
  });

  test('GIVEN provider aws and the right region, or static keys from a Secret, or awsRegion as a parameter THEN nothing', () => {
    expect(
      resultsOf('keda-managed-auth', [withAuth({ serverAddress: AMAZON, awsRegion: 'eu-west-1' }), triggerAuth({ podIdentity: { provider: 'aws' } })]),
    ).toEqual([]);
    const keys = triggerAuth(fromSecret({ awsAccessKeyID: 'AWS_ACCESS_KEY_ID', awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY' }));
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AMAZON, awsRegion: 'eu-west-1' }), keys])).toEqual([]);
    const regionParam = triggerAuth({ podIdentity: { provider: 'aws' }, ...fromSecret({ awsRegion: 'region' }) });
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: AMAZON }), regionParam])).toEqual([]);
  });
});

describe('keda-managed-auth: Google Cloud Managed Service for Prometheus', () => {
  test('GIVEN the GMP query endpoint and no gcp identity THEN an error', () => {
    expect(resultsOf('keda-managed-auth', [scaledObject([prometheusTrigger({ serverAddress: GOOGLE })])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-managed-auth',
        ADDRESS,
        'serverAddress is Google Cloud Managed Service for Prometheus, but the trigger (no authenticationRef) has no podIdentity provider gcp: KEDA sends no Google credentials and the query fails with 401 Unauthorized; reference a TriggerAuthentication with podIdentity: {provider: gcp} (GKE Workload Identity)',
      ),
    ]);
  });

  test('GIVEN provider gcp, or GoogleApplicationCredentials from a Secret THEN nothing', () => {
    expect(resultsOf('keda-managed-auth', [withAuth({ serverAddress: GOOGLE }), triggerAuth({ podIdentity: { provider: 'gcp' } })])).toEqual([]);
    expect(
      resultsOf('keda-managed-auth', [withAuth({ serverAddress: GOOGLE }), triggerAuth(fromSecret({ GoogleApplicationCredentials: 'creds.json' }))]),
    ).toEqual([]);
  });

  test('GIVEN another googleapis path (not the Prometheus API) THEN nothing', () => {
    expect(
      resultsOf('keda-managed-auth', [
        scaledObject([prometheusTrigger({ serverAddress: 'https://monitoring.googleapis.com/v3/projects/orders-prod/timeSeries' })]),
      ]),
    ).toEqual([]);
  });
});
