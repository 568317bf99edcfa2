// LibraryTraining in Azure: `azd up` deploys this file, then the app in ./functions/LibraryTraining.Functions.
// One resource group per azd environment holds the Function App (Flex Consumption), its storage,
// identity, Key Vault and monitoring. docs/deploy.md walks through it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds a unique suffix for every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd; it may then set Key Vault secrets. Empty for none.')
param principalId string = ''

@description('Kind of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Sender address for all mail, verified in SendGrid (single sender or an authenticated domain).')
param sendGridFromEmail string

@description('Sender display name.')
param sendGridFromName string = 'LibraryTraining'

@description('SendGrid API key (Mail Send permission). Empty: Key Vault keeps whatever it holds; set it there instead.')
@secure()
param sendGridApiKey string = ''

@description('Base64 of at least 32 random bytes (openssl rand -base64 32) for participant links. Empty: Key Vault keeps whatever it holds.')
@secure()
param linkSecret string = ''

@description('Value of the host function key named "organiser" (at least 16 URL-safe characters, e.g. openssl rand -hex 32). Empty: no such key is created.')
@secure()
param organiserKey string = ''

@description('The Event Webhook verification key from SendGrid (Settings > Mail Settings > Event Webhook > Signed Event Webhook). Empty until then.')
param sendGridWebhookPublicKey string = ''

@description('sendgrid sends real mail; outbox keeps it in storage, for a trial deployment without SendGrid.')
@allowed([
  'sendgrid'
  'outbox'
])
param mailMode string = 'sendgrid'

@description('Durable task hub name. Empty: LibraryTraining followed by the environment name\'s letters and digits.')
param taskHubName string = ''

@description('Address participants\' links point at, for a custom domain. Empty: the app\'s own https address.')
param publicBaseUrl string = ''

@description('NCrontab schedule of the daily status timer (hourly; each programme sends at its own status hour).')
param statusSchedule string = '0 0 * * * *'

@description('Most instances the app may scale out to; a ceiling on cost as well as on load.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB; the app is billed per GB-second of it while it runs functions.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'
// Task hub names: letters and digits only, 3-45 characters; one per environment so two deployments never share work.
var defaultTaskHub = take('LibraryTraining${replace(replace(replace(environmentName, '-', ''), '_', ''), '.', '')}', 45)

// Names the code uses: functions/LibraryTraining.Core/Storage. Creating them here lets the app run
// with data-plane roles only; the app still creates any that are missing.
var appTables = [
  'Programmes'
  'ProgrammeIndex'
  'Links'
  'MailLedger'
  'Answers'
  'DailyStatus'
  'RosterImports'
  'Attendance'
  'Feedback'
  'Certificates'
  'Handouts'
  'Photos'
]
var appContainers = [
  'handouts'
  'photos'
  'reports'
  'outbox'
  deploymentContainerName
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity './app/identity/user-assigned-identity.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    name: identityName
  }
}

module monitoring './app/monitoring.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    workspaceTransformsName: '${abbrs.insightsDataCollectionRules}${resourceToken}'
    applicationInsightsName: applicationInsightsName
  }
}

module storage './app/storage.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    name: storageAccountName
    tables: appTables
    containers: appContainers
  }
}

module keyVault './app/keyvault.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
    sendGridApiKey: sendGridApiKey
    linkSecret: linkSecret
  }
}

// Names, not outputs, so role assignment ids are known before deployment (what-if stays precise);
// hence the explicit dependencies.
module rbac './app/identity/rbac.bicep' = {
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    identityName: identityName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
}

module functionApp './app/function-app.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    sendGridApiKeySecretUri: keyVault.outputs.sendGridApiKeySecretUri
    linkSecretUri: keyVault.outputs.linkSecretUri
    taskHubName: empty(taskHubName) ? defaultTaskHub : taskHubName
    publicBaseUrl: publicBaseUrl
    mailMode: mailMode
    sendGridFromEmail: sendGridFromEmail
    sendGridFromName: sendGridFromName
    sendGridWebhookPublicKey: sendGridWebhookPublicKey
    statusSchedule: statusSchedule
    organiserKey: organiserKey
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The identity must hold its storage and Key Vault roles before the host starts and resolves references.
  dependsOn: [
    rbac
  ]
}

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the subscription.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding everything.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the Function App.')
output AZURE_FUNCTION_NAME string = functionApp.outputs.name

@description('The Function App\'s https address.')
output AZURE_FUNCTION_URL string = functionApp.outputs.uri

@description('Name of the Function App, as azd names the api service.')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('The address participants\' links point at.')
output LIBRARYTRAINING_PUBLIC_BASE_URL string = functionApp.outputs.publicBaseUrl

@description('The Durable task hub of this environment.')
output LIBRARYTRAINING_TASK_HUB string = empty(taskHubName) ? defaultTaskHub : taskHubName

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Name of the Key Vault holding the SendGrid key and link secret.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Address of the Key Vault.')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
