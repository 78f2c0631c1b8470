# Build: docker build -t bootstrapportal .
# Run against the cluster the pod lives in (give its service account the RBAC in README "Permissions"):
#   Kubernetes__Mode=InCluster
# The image listens on all interfaces, which the portal refuses without login: configure login
# (Authentication__OpenIdConnect__Authority and the rest, plus Security__AllowedHosts__0=<the portal's host name>), or,
# on an isolated network only, Security__AllowRemoteAnonymous=true. See docs/security.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig BootstrapPortal.sln ./
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY appsettings.json ./
RUN dotnet publish src/BootstrapPortal.Web/BootstrapPortal.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "BootstrapPortal.Web.dll"]
