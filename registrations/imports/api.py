"""`POST …/events/<slug>/registrations/import/`: a file checked (dry run) or applied, as a job."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser

from events.api_views import EventAPIView
from events.audit.services import Actor
from events.jobs.api import JOB_ACCEPTED, JOB_LOCATION, job_accepted
from events.teams.models import Role
from registrations.imports.jobs import import_queue
from registrations.imports.reading import table_read
from registrations.imports.serializers import RegistrationImportSerializer
from registrations.imports.services import import_create


class RegistrationImportView(EventAPIView):
    required_roles = (Role.ACCREDITATION,)
    serializer_class = RegistrationImportSerializer
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["post", "options"]

    @extend_schema(
        request={"multipart/form-data": RegistrationImportSerializer},
        responses={202: JOB_ACCEPTED},
        parameters=[JOB_LOCATION],
        summary="Import registrations from a CSV or Excel file: check (dry run) or apply",
        description="The request reads the file (400 naming `file` when it cannot: not CSV "
        "or .xlsx, empty, too large, no header, macros, damaged) and the mapping (400 naming "
        "`mapping`: an unknown column or field, a field twice, category, first name, last "
        "name or email unmapped). Both a dry run and an apply are jobs (a 5,000-row file "
        "takes longer than a request should): 202, `Location` the job's status. Each row "
        "goes through the registration form's checks and the registration service. A dry "
        "run writes nothing: its outcome lists every row with errors (`line`, and `errors` "
        "with `column`, `field` and `message` in the caller's language). An apply registers "
        "each good row on its own: `created` rows carry their `reference`, `failed` rows "
        "their errors. No message is sent unless `send_confirmations` is true.",
    )
    def post(self, request, slug: str):
        body = RegistrationImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data["file"]
        table = table_read(name=upload.name, content=upload.read())
        actor = Actor.from_request(request)
        imported = import_create(
            event=self.event,
            name=upload.name,
            table=table,
            actor=actor,
            mapping=data.get("mapping"),
        )
        if data["send_confirmations"]:
            imported.send_confirmations = True
            imported.save(update_fields=["send_confirmations", "updated_at"])
        job = import_queue(imported=imported, actor=actor, apply=not data["dry_run"])
        return job_accepted(job, request)
