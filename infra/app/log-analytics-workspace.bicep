// The Log Analytics workspace declared again with its default data collection rule, the rule that holds the
// workspace transformation. monitoring.bicep creates the workspace first, because the rule must name an
// existing workspace as its destination, and then links the two here. Keep sku and retention as monitoring.bicep
// sets them: this deployment writes the whole workspace.

@description('Region of the workspace.')
param location string

@description('Tags for the workspace.')
param tags object

@description('Name of the existing Log Analytics workspace.')
param name string

@description('Days Log Analytics keeps data.')
param retentionInDays int

@description('Resource id of the WorkspaceTransforms data collection rule.')
param defaultDataCollectionRuleResourceId string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    defaultDataCollectionRuleResourceId: defaultDataCollectionRuleResourceId
  }
}
