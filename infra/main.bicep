// Fisikal Sync on Azure: `azd up` provisions this and deploys the package `make package` builds.
// A resource group holding: a Flex Consumption Function App that runs the app as a custom handler, a storage
// account reached through a managed identity only (no keys anywhere), Application Insights, and a Key Vault
// whose secrets the app settings reference. All resources are declared in resources.bicep, in plain Bicep.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('The Azure region for every resource (one that offers Flex Consumption).')
param location string

@description('The object id of the user or service principal running azd: allowed to set Key Vault secrets and read the tables. Empty to skip.')
param principalId string = ''

@description('''The integrations to sync. Each: { name, kind (PerfectGymNext | PerfectGymClassic | Gladstone), baseUrl,
secrets: setting names held in Key Vault (e.g. ApiKey, WebhookApiKey), settings: other Integrations__{name}__* settings }.''')
param integrations array = []

@description('Plain app settings added as they are (no secrets here: they belong in Key Vault).')
param appSettings object = {}

@description('Other app settings held in Key Vault, by name (e.g. Smtp__Password): each becomes a reference to the secret named like it, with -- for __.')
param secretSettings array = []

@description('The largest number of instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance: 2048 is the default and plenty (the app peaks near 160 MiB in the initial-sync benchmark).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Optional overrides for generated names.')
param resourceGroupName string = ''

var abbrs = loadJsonContent('abbreviations.json')
var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: toLower(uniqueString(subscription().id, environmentName, location))
    principalId: principalId
    integrations: integrations
    appSettings: appSettings
    secretSettings: secretSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_APP_URL string = resources.outputs.functionAppUrl
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output FISIKAL_SECRET_NAMES array = resources.outputs.secretNames
