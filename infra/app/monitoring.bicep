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
    // Ingestion needs Microsoft Entra sign-in: the Functions host and the worker's exporter both sign in
    // with the app's managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which holds Monitoring
    // Metrics Publisher. The connection string alone then lets nobody write telemetry.
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Connection string of Application Insights: an ingestion address, not a credential, since local auth is off.')
output connectionString string = applicationInsights.properties.ConnectionString
