// The Function App's own identity: it reaches storage, Key Vault and Application Insights with
// role assignments instead of keys.

@description('Region of the identity.')
param location string

@description('Tags for the identity.')
param tags object

@description('Name of the user-assigned managed identity.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Client id, which the app passes as AzureWebJobsStorage__clientId.')
output clientId string = identity.properties.clientId

@description('Principal (object) id, for role assignments.')
output principalId string = identity.properties.principalId
