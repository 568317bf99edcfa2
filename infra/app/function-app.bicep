// The Function App on Flex Consumption (FC1), running the isolated .NET 10 worker, with every app
// setting the code reads. Settings that hold secrets are Key Vault references.

@description('Region of the resources.')
param location string

@description('Tags for every resource; the app also gets the azd service tag.')
param tags object

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account for AzureWebJobsStorage, Durable Functions and the app\'s data.')
param storageAccountName string

@description('Blob endpoint of that account, ending in a slash.')
param storageBlobEndpoint string

@description('Container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Versionless Key Vault address of the SendGrid API key.')
param sendGridApiKeySecretUri string

@description('Versionless Key Vault address of the link secret.')
param linkSecretUri string

@description('Durable task hub name: 3-45 letters and digits, starting with a letter; one per environment.')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('The address participants\' links point at; empty means the app\'s own https address.')
param publicBaseUrl string

@description('How mail leaves: sendgrid, or outbox to keep it in storage (a trial without SendGrid).')
@allowed([
  'sendgrid'
  'outbox'
])
param mailMode string

@description('Sender address, verified in SendGrid.')
param sendGridFromEmail string

@description('Sender display name.')
param sendGridFromName string

@description('The Event Webhook\'s verification key (public, base64) from SendGrid; empty until the webhook is set up.')
param sendGridWebhookPublicKey string

@description('NCrontab schedule of the daily status timer.')
param statusSchedule string

@description('Value of the host-level function key named "organiser"; empty leaves the host keys as they are.')
@secure()
param organiserKey string

@description('Upper bound on instances, which also bounds cost.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance, in MB; billing is per GB-second of it.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

var appUri = 'https://${site.properties.defaultHostName}'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting in one literal object: the settings test reads these names from the compiled template.
// This resource replaces the whole set on each deployment, so settings live here, not in the portal.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    LIBRARYTRAINING_TASK_HUB: taskHubName
    LIBRARYTRAINING_PUBLIC_BASE_URL: empty(publicBaseUrl) ? appUri : publicBaseUrl
    LIBRARYTRAINING_MAIL_MODE: mailMode
    LIBRARYTRAINING_STATUS_SCHEDULE: statusSchedule
    LIBRARYTRAINING_OWED_WORK_SCHEDULE: '*/15 * * * * *'
    LIBRARYTRAINING_LINK_SECRET: '@Microsoft.KeyVault(SecretUri=${linkSecretUri})'
    SENDGRID_API_KEY: '@Microsoft.KeyVault(SecretUri=${sendGridApiKeySecretUri})'
    SENDGRID_FROM_EMAIL: sendGridFromEmail
    SENDGRID_FROM_NAME: sendGridFromName
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendGridWebhookPublicKey
  }
}

// Bicep's type library has no types for sites/host or its functionKeys (Azure/bicep-types-az#1356),
// though ARM serves them; BCP081 only says the properties cannot be checked before deployment.
#disable-next-line BCP081
resource host 'Microsoft.Web/sites/host@2024-04-01' existing = {
  parent: site
  name: 'default'
}

// Organiser endpoints use AuthorizationLevel.Function, so any host key opens them; a named key lets
// organisers have their own, revocable without touching the default key.
#disable-next-line BCP081
resource organiserHostKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = if (!empty(organiserKey)) {
  parent: host
  name: 'organiser'
  properties: {
    name: 'organiser'
    value: organiserKey
  }
  dependsOn: [
    appSettings
  ]
}

@description('Name of the Function App.')
output name string = site.name

@description('The app\'s https address.')
output uri string = appUri

@description('The address participants\' links point at.')
output publicBaseUrl string = empty(publicBaseUrl) ? appUri : publicBaseUrl
