// Log Analytics and a workspace-based Application Insights for the Function App.

@description('Region of the resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    // The Functions host signs in with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    // Local auth stays on so an exporter configured with the connection string alone also works.
    DisableLocalAuth: false
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Connection string of Application Insights (an ingestion address, not a credential when local auth is off).')
output connectionString string = applicationInsights.properties.ConnectionString
