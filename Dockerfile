# Fisikal Sync as a container: the Functions host and the .NET 10 isolated worker, for Kubernetes (KEDA scales it on
# queue length) or any container host. Settings come from the environment, as app settings do on Azure.
# Not built or run on the machines this project is developed on (no Docker engine there): see the README.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Fisikal.Sync.Functions/Fisikal.Sync.Functions.csproj -c Release -o /home/site/wwwroot

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated
COPY --from=build /home/site/wwwroot /home/site/wwwroot
