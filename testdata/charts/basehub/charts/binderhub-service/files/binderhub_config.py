# Placeholder of binderhub-service's config loader for the basehub test chart.
# The real file does this: load chart-config.yaml from the mounted Secret,
# update each config section, then run the extraConfig snippets by key order.
import os

import yaml

with open("/etc/binderhub/mounted-secret/chart-config.yaml") as f:
    chart_config = yaml.safe_load(f) or {}

for section, settings in (chart_config.get("config") or {}).items():
    if settings:
        c[section].update(settings)

for _, snippet in sorted((chart_config.get("extraConfig") or {}).items()):
    if snippet:
        exec(snippet)
