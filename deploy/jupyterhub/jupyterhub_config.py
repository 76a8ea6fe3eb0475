# JupyterHub for many scrutiny panels at one address (panel_tool issue 16). Started by
#   sudo .venv/bin/panel-tool hub [--config deploy/jupyterhub/jupyterhub_config.py]
# or by `jupyterhub -f` this file. Read deploy/jupyterhub/README.md first.
#
# Each facilitator signs in to the hub and gets, as their own system user:
#   /user/<name>/         their JupyterLab workbench on ~/workspace (opens prepare.ipynb when present)
#   /user/<name>/<pack>/  `panel-tool serve ~/workspace/<pack>.pack.db`, one named server per pack,
#                         which members reach with no hub account, signing in at serve's own door
c = get_config()  # noqa: F821  (JupyterHub provides it)

from panel_tool.hub.config import configure  # noqa: E402

configure(c)

# --- choices a deployment usually changes -------------------------------------------------------
# Who approves facilitators' sign-ups at /hub/authorize (or `panel-tool hub --admin NAME`):
# c.Authenticator.admin_users = {"opcc-admin"}
#
# Host names members reach the hub by (serve refuses other Host headers; or --public-name):
# c.PanelSpawner.public_names = ["panels.example.org"]
#
# TLS at the proxy: `panel-tool hub --certfile F --keyfile F`, or
# c.JupyterHub.ssl_cert = "/etc/letsencrypt/live/panels.example.org/fullchain.pem"
# c.JupyterHub.ssl_key = "/etc/letsencrypt/live/panels.example.org/privkey.pem"
#
# Sign in with the force's Azure AD instead of nativeauthenticator (pip install oauthenticator):
# c.JupyterHub.authenticator_class = "oauthenticator.azuread.AzureAdOAuthenticator"
# c.AzureAdOAuthenticator.tenant_id = "<the force's tenant id>"
# c.AzureAdOAuthenticator.client_id = "<the app registration's client id>"
# c.AzureAdOAuthenticator.client_secret = "<its secret>"
# c.AzureAdOAuthenticator.oauth_callback_url = "https://panels.example.org/hub/oauth_callback"
# c.AzureAdOAuthenticator.username_claim = "preferred_username"   # then map to a system user's name:
# c.Authenticator.username_map = {"jo.bloggs@force.police.uk": "jbloggs"}
# c.AzureAdOAuthenticator.allowed_groups = {"<object id of the panel facilitators' group>"}
# c.AzureAdOAuthenticator.manage_groups = True
#
# How long a server may sit idle before it is stopped (seconds; or PANEL_HUB_CULL_AFTER_S):
# see panel_tool/hub/config.py CULL_AFTER_S (3 hours).
