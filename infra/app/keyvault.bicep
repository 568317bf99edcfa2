// Key Vault in RBAC mode for the app's secrets. App settings point at them with Key Vault
// references, so no secret value sits in the app's configuration.

@description('Region of the vault.')
param location string

@description('Tags for the vault.')
param tags object

@description('Name of the vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('SendGrid API key. Empty: the secret is left as it is (set it with az keyvault secret set).')
@secure()
param sendGridApiKey string = ''

@description('Base64 of at least 32 random bytes, for participant links. Empty: the secret is left as it is.')
@secure()
param linkSecret string = ''

// The names app settings refer to; fixed so a secret set by hand is found by the next deployment.
var sendGridApiKeySecretName = 'sendgrid-api-key'
var linkSecretName = 'link-secret'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Only written when a value is given: a deployment without one never overwrites a secret set by hand.
resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: sendGridApiKeySecretName
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource linkSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(linkSecret)) {
  parent: vault
  name: linkSecretName
  properties: {
    value: linkSecret
    contentType: 'base64'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Address of the vault, ending in a slash.')
output vaultUri string = vault.properties.vaultUri

@description('Versionless address of the SendGrid API key; the app follows the latest version.')
output sendGridApiKeySecretUri string = '${vault.properties.vaultUri}secrets/${sendGridApiKeySecretName}/'

@description('Versionless address of the link secret.')
output linkSecretUri string = '${vault.properties.vaultUri}secrets/${linkSecretName}/'
