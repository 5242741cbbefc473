# Placeholder helpers for the basehub test chart's hub configuration: read the
# chart values and the hub Secret's keys from the mounted Secret.
import os

import yaml

_SECRET_DIR = "/usr/local/etc/jupyterhub/secret"


def _values():
    with open(os.path.join(_SECRET_DIR, "values.yaml")) as f:
        return yaml.safe_load(f) or {}


def get_config(key, default=None):
    value = _values()
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def get_secret_value(key, default=None):
    path = os.path.join(_SECRET_DIR, key)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return f.read()
