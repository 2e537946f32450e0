"""The project package: settings, URLs, the start page, and the few helpers every app uses.

What belongs to one app lives in that app; what is here is either the project itself or used by
several apps (or by the settings) and by none of them more than the others.

The project:

- `settings.py`: every setting, read from the environment (django-environ, `.env.example`).
- `urls.py`: the root URLconf; each app's URLs under its own namespace.
- `wsgi.py`: the WSGI application for gunicorn.
- `apps.py`: the app config, whose `ready()` connects the audit log's and the two-step
  login's receivers.
- `views.py`: the start page (each app adds its panels), logging out, the CSRF failure page
  and the accessibility statement.
- `context_processors.py`: the demo banner in every template.
- `templatetags/portal_forms.py`: `bootstrap_field`, the form field markup of every app's
  templates, drawn without crispy-forms' dozen templates per field.
- `management/commands/`: `backup` and `restore` (every app's rows and files), and
  `seed_scale` (below).

Login and security, for the whole portal:

- `security.py`: the client's address behind our reverse proxies (axes and the audit log).
- `audit.py`: the audit log: logins, failed logins, lockouts and every refusal (its
  middleware), one structured line each; the apps log their own events through `audit()`.
- `log.py`: the audit log's JSON-lines formatter, loaded by the settings before the apps.
- `permissions.py`: `require_perm`, the one way a view refuses (403) what the user may see but
  not do.
- `twofactor.py`: two-step login (TOTP and recovery codes): its middleware, views and form.

Helpers the apps share:

- `pages.py`: `form_page`, the page every app's create and edit views show.
- `forms.py`: form fields every app's forms use (the Swedish decimal, the date picker, a
  select of many that refuses an id no key column can hold, the formset limits).
- `lists.py`: sorting and pagination, one rule for every list page.
- `spans.py`: date spans (in force from a start day to an end day): the query, the check, the
  constraint and the form error as one rule, for every model with a validity period.
- `admin_base.py`, `admin_inline.py`: the model admin and tabular inline every app's admin
  uses (edit history, hardened related fields, named inline fields).

Tools, never part of a request in production:

- `scale.py`: the synthetic national data set of `manage.py seed_scale`, over every app's
  models, to measure the portal at the size of the country.
- `bench.py`: what `make bench` needs (a minimal view, a query count header), switched on only
  by PORTAL_BENCH.
- `vendor_messages.py`: never imported; keeps the Swedish translations of django-simple-history's
  and django-axes's admin text in locale/.
"""
