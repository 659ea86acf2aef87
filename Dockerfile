# ChestScreener service image: `screener serve` in any role (all | api | worker). See docs/DEPLOYMENT.md.
#   docker build -t chestscreener .
#   docker run -p 8080:8080 -v screener-data:/data chestscreener serve --urls http://0.0.0.0:8080 ...   (auth: see README)
# .NET 10 images are Ubuntu 24.04 (noble); GDCM's C# binding comes from its libgdcm-cil package, as on Debian.

# 1. The web viewer (static files).
FROM node:22-bookworm-slim AS viewer
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# 2. The `screener` program. The Dicom project compiles against /usr/lib/cli/gdcm-sharp-3.0 (libgdcm-cil).
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
# Distribution packages are not version-pinned: security updates of the release should flow in on rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgdcm-cil \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ChestScreener.slnx ./
COPY src/ src/
RUN dotnet publish src/ChestScreener.Cli -c Release -o /app --nologo \
 && rm -f /app/*.pdb

# 3. Runtime: ASP.NET runtime + GDCM + fonts (PDF reports and PNGs) + fontconfig (SkiaSharp); no SDK, no compilers.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgdcm-cil fonts-dejavu-core libfontconfig1 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/ /app/
COPY --from=viewer /src/web/dist/ /app/web/dist/
COPY models/screener-v2/model.json models/screener-v2/density.json models/screener-v2/descriptor.onnx models/screener-v2/MODEL_CARD.md /app/models/screener-v2/
COPY models/screener-v1/model.json models/screener-v1/density.json models/screener-v1/descriptor.onnx models/screener-v1/MODEL_CARD.md /app/models/screener-v1/
# The base image's non-root "app" user (uid 1654) owns the data folder; mount a volume there (shared by api and workers).
RUN mkdir -p /data && chown app:app /data
ENV CHESTSCREENER_MODEL=/app/models/screener-v2 \
    DOTNET_gcServer=0
USER app
VOLUME ["/data"]
EXPOSE 8080
# Workers answer health only when started with --urls (compose gives each one http://0.0.0.0:8080).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/api/v1/health || exit 1
ENTRYPOINT ["/app/screener"]
CMD ["serve", "--urls", "http://0.0.0.0:8080", "--data", "/data"]
