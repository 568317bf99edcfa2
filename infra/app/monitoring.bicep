// Log Analytics and a workspace-based Application Insights for the Function App, and the workspace
// transformation that masks participants' tokens, check-in codes and keys in the host's request URLs
// before Log Analytics stores them.

@description('Region of the resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the data collection rule holding the workspace transformation.')
param workspaceTransformsName string

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
param retentionInDays int = 30

// The masks the transformation applies, as KQL functions. The Functions host records each request's URL
// (AppRequests.Url, and the path in Name and OperationName when it has no route template), and the host's
// telemetry never passes through the app's redactor (LogSafe.Redact). Transformations allow neither
// replace_regex nor replace_string, so each mask cuts the text around the secret with extract() and joins
// the pieces around "***". A secret that starts with "*" is left alone, so a second pass reaches a second
// occurrence. The patterns follow LogSafe: the segment after /rsvp/ (a participant's token), the last
// segment of /checkin/{programme}/{session}/{code} (a venue code), and the values of code=, key= and the like
// (function keys). Tests/Infra/WorkspaceTransformTests applies these patterns to sample URLs.
var maskKql = '''
let maskAnswerToken = (s: string) { iif(isempty(extract(@"(?is)^(.*?/rsvp/)[^*/?#\s][^/?#\s]*(.*)$", 1, s)), s, strcat(extract(@"(?is)^(.*?/rsvp/)[^*/?#\s][^/?#\s]*(.*)$", 1, s), "***", extract(@"(?is)^(.*?/rsvp/)[^*/?#\s][^/?#\s]*(.*)$", 2, s))) };
let maskCheckInCode = (s: string) { iif(isempty(extract(@"(?is)^(.*?/checkin/[^/?#\s]+/[^/?#\s]+/)[^*/?#\s][^/?#\s]*(.*)$", 1, s)), s, strcat(extract(@"(?is)^(.*?/checkin/[^/?#\s]+/[^/?#\s]+/)[^*/?#\s][^/?#\s]*(.*)$", 1, s), "***", extract(@"(?is)^(.*?/checkin/[^/?#\s]+/[^/?#\s]+/)[^*/?#\s][^/?#\s]*(.*)$", 2, s))) };
let maskKey = (s: string) { iif(isempty(extract(@"(?is)^(.*?[?&;](?:code|token|key|sig|signature|api_key|apikey|x-functions-key)=)[^*&#\s][^&#\s]*(.*)$", 1, s)), s, strcat(extract(@"(?is)^(.*?[?&;](?:code|token|key|sig|signature|api_key|apikey|x-functions-key)=)[^*&#\s][^&#\s]*(.*)$", 1, s), "***", extract(@"(?is)^(.*?[?&;](?:code|token|key|sig|signature|api_key|apikey|x-functions-key)=)[^*&#\s][^&#\s]*(.*)$", 2, s))) };
let mask = (s: string) { maskKey(maskKey(maskCheckInCode(maskCheckInCode(maskAnswerToken(maskAnswerToken(s)))))) };
'''

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

// A workspace transformation: Log Analytics runs these queries on every record of these tables as it is
// ingested, whatever sent it. A workspace has one such rule, and the rule must name the workspace as its
// destination, so the workspace is created first and linked to the rule afterwards (workspaceLink).
resource workspaceTransforms 'Microsoft.Insights/dataCollectionRules@2023-03-11' = {
  name: workspaceTransformsName
  location: location
  tags: tags
  kind: 'WorkspaceTransforms'
  properties: {
    description: 'Masks participants\' tokens, check-in codes and keys in Application Insights records before they are stored.'
    dataSources: {}
    destinations: {
      logAnalytics: [
        {
          name: 'workspace'
          workspaceResourceId: logAnalytics.id
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          'Microsoft-Table-AppRequests'
        ]
        destinations: [
          'workspace'
        ]
        transformKql: '${maskKql}source | extend Url = mask(Url), Name = mask(Name), OperationName = mask(OperationName)'
      }
      {
        streams: [
          'Microsoft-Table-AppTraces'
        ]
        destinations: [
          'workspace'
        ]
        transformKql: '${maskKql}source | extend Message = mask(Message), OperationName = mask(OperationName)'
      }
      {
        streams: [
          'Microsoft-Table-AppDependencies'
        ]
        destinations: [
          'workspace'
        ]
        transformKql: '${maskKql}source | extend OperationName = mask(OperationName)'
      }
      {
        streams: [
          'Microsoft-Table-AppExceptions'
        ]
        destinations: [
          'workspace'
        ]
        transformKql: '${maskKql}source | extend OperationName = mask(OperationName)'
      }
    ]
  }
}

// The same workspace again, now naming the rule as its default data collection rule.
module workspaceLink './log-analytics-workspace.bicep' = {
  params: {
    location: location
    tags: tags
    name: logAnalytics.name
    retentionInDays: retentionInDays
    defaultDataCollectionRuleResourceId: workspaceTransforms.id
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Connection string of Application Insights: an ingestion address, not a credential, since local auth is off.')
output connectionString string = applicationInsights.properties.ConnectionString
