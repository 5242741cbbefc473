# Placeholder of the hub configuration for the basehub test chart. Nothing
# runs it in tests; it shows where each value of the hub Secret is consumed.
from z2jh import get_config, get_secret_value

c.JupyterHub.services = []
for key, service in (get_config("hub.services") or {}).items():
    service = dict(service or {})
    service.setdefault("name", key)
    service.pop("apiToken", None)
    service["api_token"] = get_secret_value(f"hub.services.{key}.apiToken")
    c.JupyterHub.services.append(service)

c.JupyterHub.load_roles = []
for key, role in (get_config("hub.loadRoles") or {}).items():
    role = dict(role or {})
    role.setdefault("name", key)
    c.JupyterHub.load_roles.append(role)

for section, settings in (get_config("hub.config") or {}).items():
    c[section].update(settings)
