"""Summit settings.

Everything comes from the environment (see `.env.example`). With nothing set,
Summit runs on a bare laptop: SQLite and an embedded Celery broker under
`var/`, email written to files. Production sets `DEBUG=false` and must then
provide `SECRET_KEY`; `DATABASE_URL`, `REDIS_URL` and `EMAIL_URL` switch to
PostgreSQL, Redis and SMTP.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# Local state of the embedded mode: SQLite file, broker queue, mail, media.
VAR_DIR = Path(env.str("SUMMIT_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)
# Django's technical 404 and 500 pages (URL list, traceback in the browser) while DEBUG is
# on. Off: `make run` shows the site's own pages, as production does; tracebacks go to the
# console (events/error_pages.py).
DEBUG_ERROR_PAGES = env.bool("DEBUG_ERROR_PAGES", default=False)

if DEBUG:
    # A development key so that `make run` works with nothing configured.
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    # Fails loudly (ImproperlyConfigured) when missing in production.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address, for links in emails and calendar feeds (no request there).
# Without it, the address `make run` serves on (its HOST and PORT): a wildcard host
# is not an address a browser or a mail reader can open, so loopback stands for it.
_SERVED_HOST = env.str("HOST", default="127.0.0.1")
_LINK_HOST = "127.0.0.1" if _SERVED_HOST in ("0.0.0.0", "::", "[::]", "") else _SERVED_HOST  # noqa: S104
SITE_URL = env.str("SITE_URL", default=f"http://{_LINK_HOST}:{env.int('PORT', default=8000)}")

# --- Applications -----------------------------------------------------------

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# Listed in dependency order: each app may use the ones above it, never below.
LOCAL_APPS = [
    "notifications",
    "events",
    "registrations",
    "agenda",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # No cache keeps, no Referer hands on, a page whose address holds a secret.
    "registrations.registration.secret_addresses.SecretAddressMiddleware",
    # Before anything reads the body (CSRF reads the form): an oversized one is refused unread.
    "events.request_limits.RequestSizeLimitMiddleware",
    "events.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Narrows LocaleMiddleware's pick to the page's event's languages (public pages only).
    "registrations.registration.page_language.PublicPageLanguageMiddleware",
    # With DEBUG on (make run), the site's 404 and 500 pages rather than Django's debug pages.
    "events.error_pages.SiteErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's CsrfViewMiddleware, taking the `Origin: null` that secret pages'
    # Referrer-Policy makes browsers send (registrations/registration/secret_addresses.py).
    "registrations.registration.secret_addresses.SecretAddressCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "events.two_factor.middleware.OrganizerSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# security.W003 looks for Django's CsrfViewMiddleware by name; ours is a subclass of it
# (above), so CSRF protection is on (tests/events/test_settings.py checks it is).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `|ltr` and `|isolate` (and their plain-text twins) belong on every value
            # that is left to right by nature or typed by a person, in every template.
            "builtins": ["events.templatetags.bidi"],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'summit.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database lives under var/, which a fresh clone does not have.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat share the file: WAL lets readers run beside the writer,
    # and IMMEDIATE transactions take the write lock up front, so concurrent
    # workflow steps queue (up to `timeout` seconds) instead of deadlocking.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that answers as an empty cache while Redis is down:
            # everything cached can be read again from the database.
            "BACKEND": "events.fail_soft_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "summit",
        }
    }
else:
    # Room for everything cached (the default keeps only 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# --- Celery -----------------------------------------------------------------
# Without Redis the broker is kombu's filesystem transport under var/: a real
# broker shared by the web process, the worker and beat on one machine.

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_FILESYSTEM_DIR = VAR_DIR / "celery" / "broker"
# Beat keeps its schedule file there whichever broker is used.
(VAR_DIR / "celery").mkdir(parents=True, exist_ok=True)
if not REDIS_URL:
    # The transport expects its folders to exist in every process that uses it.
    for _folder in ("broker", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FILESYSTEM_DIR),
        "data_folder_out": str(CELERY_BROKER_FILESYSTEM_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A request that queues a task while Redis is down gives up within about a
    # second (kombu's default is to retry for ever): the task is skipped and its
    # work redone by beat, see config/celery.py. socket_timeout (a Redis that went
    # silent) stays above the worker's 1-second BRPOP.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# Periodic jobs are added by the apps that own them (see each app's tasks).
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox dispatcher: sends due messages. A tick that waited longer than the
    # interval is dropped (`expires`), the next one does the same work.
    "notifications.dispatch_due": {
        "task": "notifications.dispatch_due",
        "schedule": 5.0,
        "options": {"expires": 5.0},
    },
    # Starts the jobs whose after-commit enqueue was lost (events/jobs/tasks.py).
    "events.jobs.requeue_waiting": {
        "task": "events.jobs.requeue_waiting",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    # Queues the summit reminder of each approved registrant shortly before it is due.
    "registrations.plan_summit_reminders": {
        "task": "registrations.plan_summit_reminders",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
    # Erases personal data of events past their retention (registrations/privacy/services.py).
    "registrations.purge_personal_data": {
        "task": "registrations.purge_personal_data",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600.0},
    },
    # Plans session and speaker reminders into the outbox (see agenda/reminders/services.py).
    "agenda.plan_reminders": {
        "task": "agenda.plan_reminders",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
}
# Reminders are planned into the outbox when their send time is this close (hours).
AGENDA_REMINDER_HORIZON_HOURS = env.int("AGENDA_REMINDER_HORIZON_HOURS", default=48)

# --- Email ------------------------------------------------------------------

# EMAIL_URL: smtp://user:pass@host:587, smtp+tls://…, consolemail://, filemail://
_email = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    # Django's, plus SMTPUTF8 for addresses with non-ASCII letters before the @.
    EMAIL_BACKEND = "notifications.smtp.EmailBackend"
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Where filemail:// writes one file per message (the development mailbox).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Summit <no-reply@summit.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications (the outbox; see notifications/services.py) ----------------

# A message that keeps failing transiently (SMTP down, 4xx) is tried for this long
# after its first attempt before it is `failed`.
NOTIFICATIONS_RETRY_HOURS = env.int("NOTIFICATIONS_RETRY_HOURS", default=48)
# Retry n waits base * 2**(n-1) seconds, at most the cap: 1, 2, 4 … 60 minutes by default.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.int("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600)
# Messages claimed at once.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=50)
# A claim's lease, renewed every third of it while its batch is sent: messages held
# by a worker that died are taken back by another once it runs out.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=30)
# How long one dispatcher run keeps claiming batches before it leaves the rest to the next.
NOTIFICATIONS_DISPATCH_SECONDS = env.int("NOTIFICATIONS_DISPATCH_SECONDS", default=30)

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failures of one account from one client address, for an
# hour: guesses from one place never lock the account for its owner elsewhere.
# Guesses spread over many addresses lock the account everywhere at the slower
# LOGIN_ACCOUNT_FAILURE_LIMIT an hour (events/login_lockout.py).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=100)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "events.login_lockout.LoginLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "events.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "manage/locked_out.html"
AXES_VERBOSE = False
# Signed-in organizers are signed out after this long without a request; holders
# of the admin and accreditation roles (who need two factors) after 15 minutes.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=8 * 3600)
SESSION_IDLE_TIMEOUT_SENSITIVE = env.int("SESSION_IDLE_TIMEOUT_SENSITIVE", default=15 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
OTP_TOTP_ISSUER = "Summit"
# The accepted window stays the clock's step ±1 (events.two_factor.services.totp_device_accepts).
OTP_TOTP_SYNC = False
# Downloads of personal data ask for a code again when the last one is older than this.
TWO_FACTOR_RECENT_SECONDS = env.int("TWO_FACTOR_RECENT_SECONDS", default=15 * 60)
LOGIN_URL = "manage:login"
LOGIN_REDIRECT_URL = "manage:home"
LOGOUT_REDIRECT_URL = "public:home"

# --- Internationalization ---------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date, time and number format per kind and language (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media -------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Several web nodes share media through an object store (django-storages, the
    # `s3` extra): MEDIA_STORAGE=storages.backends.s3.S3Storage and its options as
    # JSON in MEDIA_STORAGE_OPTIONS (see docs/deployment.md).
    "default": {
        "BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# --- Badges -----------------------------------------------------------------
# Secret from which each event's Ed25519 badge key is derived. Unset in
# development, a key is generated under var/ on first use; production must set it.
BADGE_SIGNING_KEY = env.str("BADGE_SIGNING_KEY", default="")
if not DEBUG and not BADGE_SIGNING_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set BADGE_SIGNING_KEY when DEBUG is off.")

# --- Clients behind proxies ---------------------------------------------------
# Reverse proxies (TLS terminator, load balancer) in front of Summit, each appending
# to X-Forwarded-For. 0: the header is ignored. The client address of every
# throttle, the sign-in lockout and the audit log is decided by events/client_address.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT counts proxies: 0 or more.")

# --- API --------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "events.tokens.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "events.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["events.api_errors.JSONParser"],
    "EXCEPTION_HANDLER": "events.api_errors.api_exception_handler",
    # No OPTIONS introspection: it described the serializers to anyone and raised a
    # 500 on detail views (found by schemathesis). OPTIONS answers 405.
    "DEFAULT_METADATA_CLASS": None,
    # Summit's throttles ask events.client_address; DRF's own, if ever used, agree.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "registration": env.str("REGISTRATION_THROTTLE_RATE", default="60/minute"),
        "registration-event": env.str("REGISTRATION_EVENT_THROTTLE_RATE", default="3000/minute"),
        # Per token or address: one token may serve every scanner of a gate team.
        "checkin": env.str("CHECKIN_THROTTLE_RATE", default="6000/minute"),
        "checkin-event": env.str("CHECKIN_EVENT_THROTTLE_RATE", default="60000/minute"),
        # Looking people up by name, per token or user: a door needs a few a minute.
        "checkin-lookup": env.str("CHECKIN_LOOKUP_THROTTLE_RATE", default="60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Summit API",
    "DESCRIPTION": "Registration, accreditation, badges, check-in and agenda for summits.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no CDN at a secured venue.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Views are described by their own docstrings, never by the API base view's.
    "GET_LIB_DOC_EXCLUDES": "events.schema.lib_doc_excludes",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.schema.document_error_responses",
        "events.schema.require_exactly_one_of_bodies",
    ],
    # Enum names for choice sets that share a field name across apps.
    "ENUM_NAME_OVERRIDES": {
        "RegistrationStatusEnum": "registrations.registration.models.Status",
        "SessionStatusEnum": "agenda.programme.models.SessionStatus",
        "VehiclePassStatusEnum": "registrations.vehicles.models.VehiclePassStatus",
        # The session's kind keeps the name it had before zones had a kind too.
        "KindEnum": "agenda.programme.models.SessionKind",
        "ZoneKindEnum": "events.summit.models.ZoneKind",
        # Summit's languages (a registrant's, a new summit's and its main one): one name.
        "LanguageEnum": "config.settings.LANGUAGES",
        # An organizer's role on an event (team members, API tokens), not a speaker's.
        "TeamRoleEnum": "events.teams.models.Role",
        # A speaker's role on a session keeps the name it had before team roles.
        "RoleEnum": "agenda.programme.models.SpeakerRole",
        "InvitationStatusEnum": "events.teams.models.InvitationStatus",
    },
}
# Requests larger than this are refused before parsing (a 1 MB JSON body is not a
# registration).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
# Form uploads (multipart) larger than this are refused with 413 before a byte is
# read: room for the 5 MB badge photo (registrations/registration/photos.py) and the fields.
UPLOAD_MAX_REQUEST_SIZE = env.int("UPLOAD_MAX_REQUEST_SIZE", default=6 * 1024 * 1024)

# --- Security ---------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe each node over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Content Security Policy -------------------------------------------------
# No inline or third-party scripts anywhere: every script is a static file of ours.
# Inline style attributes stay allowed (colour swatches, the admin's widgets).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.json_logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # LOG_FORMAT=json: one JSON object per line, for log shippers.
            "formatter": "json" if env.str("LOG_FORMAT", default="plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # fontTools logs every font subset it makes for a badge PDF at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
