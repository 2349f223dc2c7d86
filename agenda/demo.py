"""The demo programme of "Unity for Security": two days in Abu Dhabi, one released version.

41 sessions in 5 rooms and 4 tracks, 30 speakers (the approved demo registrations
of the speaker category, plus heads of delegation to make up thirty), a few
personal agendas. Times derive from the event's start, which the events seed
fixes when it first creates the event, so re-running changes nothing and
releases nothing new. Idempotent: sessions are keyed by their English title. Names,
titles and abstracts are in the four languages the demo summit offers.
"""

from datetime import datetime, time, timedelta

from django.db import transaction

from agenda.bilaterals.models import BilateralMeeting, BilateralSlot, BilateralStatus
from agenda.bilaterals.scheduling import free_bilateral_rooms
from agenda.personal.models import PersonalAgendaItem
from agenda.programme.errors import AgendaError
from agenda.programme.models import (
    InterpretationChannel,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SpeakerProfile,
    SpeakerRole,
    Track,
    Visibility,
)
from agenda.programme.services import session_check
from agenda.releases.services import release_preview, schedule_release
from events.audit.services import Actor
from events.summit.models import AccessZone, Event
from registrations.delegations.models import Delegation
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus

DEMO_SLUG = "unity-for-security"
SPEAKER_COUNT = 30

ROOMS = [
    # slug, English, Arabic, capacity, zone
    ("plenary-hall", "Plenary Hall", "القاعة الرئيسية", 1500, "plenary"),
    ("hall-a", "Hall A — Al Dhafra", "القاعة أ — الظفرة", 400, "plenary"),
    ("hall-b", "Hall B — Al Ain", "القاعة ب — العين", 300, "plenary"),
    ("majlis", "Majlis Room", "قاعة المجلس", 60, "vip-lounge"),
    ("workshop-room", "Workshop Room", "قاعة ورش العمل", 40, "plenary"),
]
PARALLEL_ROOMS = ["hall-a", "hall-b", "majlis", "workshop-room"]

TRACKS = [
    ("counter-terrorism", "Counter-terrorism", "مكافحة الإرهاب", "#B3261E"),
    ("cybercrime", "Cybercrime", "الجرائم الإلكترونية", "#1F4E79"),
    (
        "illicit-markets",
        "Illicit markets and financial crime",
        "الأسواق غير المشروعة والجرائم المالية",
        "#1E7B34",
    ),
    (
        "communities-heritage",
        "Vulnerable communities and cultural heritage",
        "المجتمعات المستضعفة والتراث الثقافي",
        "#B08D3C",
    ),
]

# track, English, Arabic — the parallel sessions, in programme order.
PARALLEL = [
    ("counter-terrorism", "Preventing violent extremism online", "منع التطرف العنيف عبر الإنترنت"),
    (
        "cybercrime",
        "Ransomware: disrupting the business model",
        "برامج الفدية: تعطيل نموذج العمل الإجرامي",
    ),
    ("illicit-markets", "Synthetic drugs: a shifting market", "المخدرات الاصطناعية: سوق متغيرة"),
    ("communities-heritage", "Trafficking in cultural property", "الاتجار بالممتلكات الثقافية"),
    (
        "counter-terrorism",
        "Protecting crowded places and major events",
        "حماية الأماكن المزدحمة والفعاليات الكبرى",
    ),
    (
        "cybercrime",
        "Cross-border access to electronic evidence",
        "الوصول عبر الحدود إلى الأدلة الإلكترونية",
    ),
    (
        "counter-terrorism",
        "Returning foreign fighters and their families (closed session)",
        "عودة المقاتلين الأجانب وأسرهم (جلسة مغلقة)",
    ),
    (
        "illicit-markets",
        "Workshop: financial investigation techniques",
        "ورشة عمل: تقنيات التحقيق المالي",
    ),
    ("illicit-markets", "Maritime drug trafficking routes", "طرق تهريب المخدرات البحرية"),
    (
        "cybercrime",
        "Artificial intelligence in the hands of criminals",
        "الذكاء الاصطناعي في أيدي المجرمين",
    ),
    ("illicit-markets", "Stolen vehicles across borders", "المركبات المسروقة عبر الحدود"),
    (
        "communities-heritage",
        "Human trafficking and migrant smuggling",
        "الاتجار بالبشر وتهريب المهاجرين",
    ),
    (
        "cybercrime",
        "Workshop: digital forensics for first responders",
        "ورشة عمل: الأدلة الجنائية الرقمية للمستجيبين الأوائل",
    ),
    (
        "counter-terrorism",
        "Terrorist financing: following the money",
        "تمويل الإرهاب: تتبع مسار الأموال",
    ),
    ("cybercrime", "Protecting children online", "حماية الأطفال على الإنترنت"),
    ("illicit-markets", "Money laundering through trade", "غسل الأموال عبر التجارة"),
    (
        "communities-heritage",
        "Protecting heritage sites in conflict",
        "حماية مواقع التراث أثناء النزاعات",
    ),
    (
        "communities-heritage",
        "Workshop: community policing and trust",
        "ورشة عمل: الشرطة المجتمعية والثقة",
    ),
    (
        "counter-terrorism",
        "Drones and emerging threats to critical infrastructure",
        "الطائرات المسيرة والتهديدات الناشئة للبنية التحتية الحيوية",
    ),
    ("illicit-markets", "Asset recovery and confiscation", "استرداد الأصول ومصادرتها"),
    ("cybercrime", "Cryptocurrencies and the dark web", "العملات المشفرة والشبكة المظلمة"),
    (
        "communities-heritage",
        "Victims first: supporting vulnerable witnesses",
        "الضحايا أولاً: دعم الشهود المستضعفين",
    ),
    (
        "counter-terrorism",
        "Workshop: crisis communication after an attack",
        "ورشة عمل: التواصل في الأزمات بعد الهجمات",
    ),
    (
        "cybercrime",
        "Public-private partnerships against cybercrime",
        "الشراكات بين القطاعين العام والخاص لمكافحة الجرائم الإلكترونية",
    ),
    ("illicit-markets", "Counterfeit goods and public health", "السلع المقلدة والصحة العامة"),
    (
        "communities-heritage",
        "Online marketplaces for looted antiquities",
        "الأسواق الإلكترونية للآثار المنهوبة",
    ),
    ("counter-terrorism", "Border security and traveller data", "أمن الحدود وبيانات المسافرين"),
    (
        "communities-heritage",
        "Workshop: youth resilience and prevention",
        "ورشة عمل: صمود الشباب والوقاية",
    ),
]

# day, start, end, kind, room (None: none), title English, Arabic, speakers wanted
FIXED = [
    (
        0,
        "09:00",
        "09:45",
        SessionKind.OPENING,
        "plenary-hall",
        "Opening ceremony",
        "حفل الافتتاح",
        2,
    ),
    (
        0,
        "09:45",
        "10:30",
        SessionKind.KEYNOTE,
        "plenary-hall",
        "Keynote: unity for security in a connected world",
        "كلمة رئيسية: الاتحاد من أجل الأمن في عالم مترابط",
        1,
    ),
    (
        0,
        "10:30",
        "11:00",
        SessionKind.BREAK,
        None,
        "Coffee break (morning, day 1)",
        "استراحة قهوة (صباح اليوم الأول)",
        0,
    ),
    (0, "12:15", "13:30", SessionKind.BREAK, None, "Lunch (day 1)", "غداء (اليوم الأول)", 0),
    (
        0,
        "14:45",
        "15:15",
        SessionKind.BREAK,
        None,
        "Coffee break (afternoon, day 1)",
        "استراحة قهوة (مساء اليوم الأول)",
        0,
    ),
    (
        0,
        "16:45",
        "17:45",
        SessionKind.PLENARY,
        "plenary-hall",
        "Ministerial dialogue: policing the next decade",
        "حوار وزاري: العمل الشرطي في العقد القادم",
        4,
    ),
    (0, "19:00", "21:00", SessionKind.RECEPTION, None, "Welcome reception", "حفل الاستقبال", 0),
    (
        1,
        "09:00",
        "09:45",
        SessionKind.KEYNOTE,
        "plenary-hall",
        "Keynote: the future of international police cooperation",
        "كلمة رئيسية: مستقبل التعاون الشرطي الدولي",
        1,
    ),
    (
        1,
        "09:45",
        "11:00",
        SessionKind.PLENARY,
        "plenary-hall",
        "Plenary: financial crime without borders",
        "جلسة عامة: الجرائم المالية بلا حدود",
        4,
    ),
    (
        1,
        "11:00",
        "11:30",
        SessionKind.BREAK,
        None,
        "Coffee break (morning, day 2)",
        "استراحة قهوة (صباح اليوم الثاني)",
        0,
    ),
    (1, "12:45", "14:00", SessionKind.BREAK, None, "Lunch (day 2)", "غداء (اليوم الثاني)", 0),
    (
        1,
        "15:15",
        "15:45",
        SessionKind.BREAK,
        None,
        "Coffee break (afternoon, day 2)",
        "استراحة قهوة (مساء اليوم الثاني)",
        0,
    ),
    (
        1,
        "17:00",
        "17:45",
        SessionKind.PLENARY,
        "plenary-hall",
        "Closing ceremony and the Abu Dhabi declaration",
        "حفل الختام وإعلان أبوظبي",
        3,
    ),
]

# The plenary sessions' floor language (English for the others); every plenary session
# is interpreted into the other three languages, each on its fixed receiver channel.
FLOOR_LANGUAGES = {
    "Opening ceremony": "ar",
    "Keynote: unity for security in a connected world": "en",
    "Ministerial dialogue: policing the next decade": "ar",
    "Keynote: the future of international police cooperation": "fr",
    "Plenary: financial crime without borders": "es",
    "Closing ceremony and the Abu Dhabi declaration": "ar",
}
INTERPRETATION_CHANNELS = {"ar": "1", "en": "2", "fr": "3", "es": "4"}
PLENARY_KINDS = {SessionKind.OPENING, SessionKind.KEYNOTE, SessionKind.PLENARY}

# day, start, end, rooms: the parallel slots, filled from PARALLEL in order.
SLOTS = [
    (0, "11:00", "12:15", PARALLEL_ROOMS),
    (0, "13:30", "14:45", ["plenary-hall", *PARALLEL_ROOMS]),
    (0, "15:15", "16:30", ["plenary-hall", *PARALLEL_ROOMS]),
    (1, "11:30", "12:45", ["plenary-hall", *PARALLEL_ROOMS]),
    (1, "14:00", "15:15", ["plenary-hall", *PARALLEL_ROOMS]),
    (1, "15:45", "17:00", PARALLEL_ROOMS),
]

# The French and Spanish of each English name and title above, by the English.
FR_ES = {
    # rooms
    "Plenary Hall": ("Salle plénière", "Sala plenaria"),
    "Hall A — Al Dhafra": ("Salle A — Al Dhafra", "Sala A — Al Dhafra"),
    "Hall B — Al Ain": ("Salle B — Al Ain", "Sala B — Al Ain"),
    "Majlis Room": ("Salle du Majlis", "Sala del Majlis"),
    "Workshop Room": ("Salle des ateliers", "Sala de talleres"),
    # tracks
    "Counter-terrorism": ("Lutte contre le terrorisme", "Lucha contra el terrorismo"),
    "Cybercrime": ("Cybercriminalité", "Ciberdelincuencia"),
    "Illicit markets and financial crime": (
        "Marchés illicites et criminalité financière",
        "Mercados ilícitos y delincuencia financiera",
    ),
    "Vulnerable communities and cultural heritage": (
        "Communautés vulnérables et patrimoine culturel",
        "Comunidades vulnerables y patrimonio cultural",
    ),
    # parallel sessions
    "Preventing violent extremism online": (
        "Prévenir l'extrémisme violent en ligne",
        "Prevenir el extremismo violento en línea",
    ),
    "Ransomware: disrupting the business model": (
        "Rançongiciels : casser le modèle économique",
        "Ransomware: desarticular el modelo de negocio",
    ),
    "Synthetic drugs: a shifting market": (
        "Drogues de synthèse : un marché en mutation",
        "Drogas sintéticas: un mercado cambiante",
    ),
    "Trafficking in cultural property": (
        "Le trafic de biens culturels",
        "El tráfico de bienes culturales",
    ),
    "Protecting crowded places and major events": (
        "Protéger les lieux très fréquentés et les grands événements",
        "Proteger los lugares concurridos y los grandes eventos",
    ),
    "Cross-border access to electronic evidence": (
        "L'accès transfrontalier aux preuves électroniques",
        "El acceso transfronterizo a las pruebas electrónicas",
    ),
    "Returning foreign fighters and their families (closed session)": (
        "Le retour des combattants étrangers et de leurs familles (séance à huis clos)",
        "El regreso de los combatientes extranjeros y sus familias (sesión a puerta cerrada)",
    ),
    "Workshop: financial investigation techniques": (
        "Atelier : techniques d'enquête financière",
        "Taller: técnicas de investigación financiera",
    ),
    "Maritime drug trafficking routes": (
        "Les routes maritimes du trafic de drogue",
        "Las rutas marítimas del narcotráfico",
    ),
    "Artificial intelligence in the hands of criminals": (
        "L'intelligence artificielle aux mains des criminels",
        "La inteligencia artificial en manos de los delincuentes",
    ),
    "Stolen vehicles across borders": (
        "Les véhicules volés au-delà des frontières",
        "Vehículos robados a través de las fronteras",
    ),
    "Human trafficking and migrant smuggling": (
        "La traite des êtres humains et le trafic de migrants",
        "La trata de personas y el tráfico ilícito de migrantes",
    ),
    "Workshop: digital forensics for first responders": (
        "Atelier : criminalistique numérique pour les primo-intervenants",
        "Taller: informática forense para los primeros intervinientes",
    ),
    "Terrorist financing: following the money": (
        "Le financement du terrorisme : suivre l'argent",
        "La financiación del terrorismo: seguir el rastro del dinero",
    ),
    "Protecting children online": (
        "Protéger les enfants en ligne",
        "Proteger a los niños en línea",
    ),
    "Money laundering through trade": (
        "Le blanchiment d'argent par le commerce",
        "El blanqueo de capitales a través del comercio",
    ),
    "Protecting heritage sites in conflict": (
        "Protéger les sites du patrimoine en temps de conflit",
        "Proteger los sitios patrimoniales en los conflictos",
    ),
    "Workshop: community policing and trust": (
        "Atelier : police de proximité et confiance",
        "Taller: policía de proximidad y confianza",
    ),
    "Drones and emerging threats to critical infrastructure": (
        "Les drones et les nouvelles menaces contre les infrastructures critiques",
        "Los drones y las nuevas amenazas a las infraestructuras críticas",
    ),
    "Asset recovery and confiscation": (
        "Le recouvrement et la confiscation des avoirs",
        "La recuperación y el decomiso de activos",
    ),
    "Cryptocurrencies and the dark web": (
        "Les cryptomonnaies et le dark web",
        "Las criptomonedas y la web oscura",
    ),
    "Victims first: supporting vulnerable witnesses": (
        "Les victimes d'abord : soutenir les témoins vulnérables",
        "Las víctimas primero: apoyar a los testigos vulnerables",
    ),
    "Workshop: crisis communication after an attack": (
        "Atelier : la communication de crise après un attentat",
        "Taller: la comunicación de crisis tras un atentado",
    ),
    "Public-private partnerships against cybercrime": (
        "Les partenariats public-privé contre la cybercriminalité",
        "Las alianzas público-privadas contra la ciberdelincuencia",
    ),
    "Counterfeit goods and public health": (
        "Les produits contrefaits et la santé publique",
        "Los productos falsificados y la salud pública",
    ),
    "Online marketplaces for looted antiquities": (
        "Les places de marché en ligne d'antiquités pillées",
        "Los mercados en línea de antigüedades saqueadas",
    ),
    "Border security and traveller data": (
        "La sécurité des frontières et les données des voyageurs",
        "La seguridad de las fronteras y los datos de los viajeros",
    ),
    "Workshop: youth resilience and prevention": (
        "Atelier : résilience et prévention chez les jeunes",
        "Taller: resiliencia y prevención entre los jóvenes",
    ),
    # fixed sessions
    "Opening ceremony": ("Cérémonie d'ouverture", "Ceremonia de apertura"),
    "Keynote: unity for security in a connected world": (
        "Discours d'ouverture : unis pour la sécurité dans un monde connecté",
        "Conferencia magistral: unidos por la seguridad en un mundo conectado",
    ),
    "Coffee break (morning, day 1)": (
        "Pause-café (matin, jour 1)",
        "Pausa para el café (mañana, día 1)",
    ),
    "Lunch (day 1)": ("Déjeuner (jour 1)", "Almuerzo (día 1)"),
    "Coffee break (afternoon, day 1)": (
        "Pause-café (après-midi, jour 1)",
        "Pausa para el café (tarde, día 1)",
    ),
    "Ministerial dialogue: policing the next decade": (
        "Dialogue ministériel : la police de la prochaine décennie",
        "Diálogo ministerial: la labor policial en la próxima década",
    ),
    "Welcome reception": ("Réception de bienvenue", "Recepción de bienvenida"),
    "Keynote: the future of international police cooperation": (
        "Discours d'ouverture : l'avenir de la coopération policière internationale",
        "Conferencia magistral: el futuro de la cooperación policial internacional",
    ),
    "Plenary: financial crime without borders": (
        "Plénière : la criminalité financière sans frontières",
        "Plenaria: la delincuencia financiera sin fronteras",
    ),
    "Coffee break (morning, day 2)": (
        "Pause-café (matin, jour 2)",
        "Pausa para el café (mañana, día 2)",
    ),
    "Lunch (day 2)": ("Déjeuner (jour 2)", "Almuerzo (día 2)"),
    "Coffee break (afternoon, day 2)": (
        "Pause-café (après-midi, jour 2)",
        "Pausa para el café (tarde, día 2)",
    ),
    "Closing ceremony and the Abu Dhabi declaration": (
        "Cérémonie de clôture et déclaration d'Abou Dhabi",
        "Ceremonia de clausura y declaración de Abu Dabi",
    ),
}

ABSTRACTS = {
    "en": (
        "Senior officials, investigators and industry experts compare what works against "
        "{topic_lower}, and agree on practical steps for cooperation between the countries "
        "represented at the summit."
    ),
    "ar": (
        "يتبادل كبار المسؤولين والمحققين وخبراء القطاع الخاص التجارب الناجحة في مواجهة "
        "{topic}، ويتفقون على خطوات عملية للتعاون بين الدول المشاركة في القمة."
    ),
    "fr": (
        "Hauts responsables, enquêteurs et experts du secteur privé partagent ce qui "
        "fonctionne sur le thème « {topic} » et conviennent de mesures concrètes de "
        "coopération entre les pays représentés au sommet."
    ),
    "es": (
        "Altos funcionarios, investigadores y expertos del sector privado comparten lo que "
        "funciona en torno a «{topic}» y acuerdan medidas prácticas de cooperación entre los "
        "países representados en la cumbre."
    ),
}
WORKSHOP_PREFIXES = {"en": "Workshop: ", "ar": "ورشة عمل: ", "fr": "Atelier : ", "es": "Taller: "}


def _in_four_languages(english: str, arabic: str) -> dict[str, str]:
    french, spanish = FR_ES[english]
    return {"en": english, "ar": arabic, "fr": french, "es": spanish}


# A speaker's biography in each language, by the demo registrant's (job title, organization)
# (registrations/demo.py ORGANIZATIONS): the registration keeps what the person typed, the
# programme says it in the reader's language.
BIOS: dict[tuple[str, str], dict[str, str]] = {
    ("Minister's Office", "Ministry of Interior"): {
        "en": "Serves in the Minister's Office of the Ministry of Interior.",
        "ar": "يعمل في مكتب الوزير بوزارة الداخلية.",
        "fr": "Au cabinet du ministre, ministère de l'Intérieur.",
        "es": "Trabaja en el Gabinete del Ministro del Ministerio del Interior.",
    },
    ("Chief of Police", "National Police"): {
        "en": "Chief of Police, National Police.",
        "ar": "قائد الشرطة في الشرطة الوطنية.",
        "fr": "Chef de la police nationale.",
        "es": "Jefe de la Policía Nacional.",
    },
    ("Director", "INTERPOL"): {
        "en": "Director at INTERPOL.",
        "ar": "مدير في الإنتربول.",
        "fr": "Directeur à INTERPOL.",
        "es": "Director en INTERPOL.",
    },
    ("Programme Officer", "UNODC"): {
        "en": "Programme Officer, United Nations Office on Drugs and Crime (UNODC).",
        "ar": "مسؤول برامج في مكتب الأمم المتحدة المعني بالمخدرات والجريمة.",
        "fr": "Chargé de programme, Office des Nations Unies contre la drogue et le crime (ONUDC).",
        "es": "Oficial de programas, Oficina de las Naciones Unidas contra la Droga y el Delito "
        "(UNODC).",
    },
    ("Head of Analysis", "Financial Intelligence Unit"): {
        "en": "Head of Analysis, Financial Intelligence Unit.",
        "ar": "رئيس قسم التحليل في وحدة المعلومات المالية.",
        "fr": "Responsable de l'analyse, cellule de renseignement financier.",
        "es": "Jefe de Análisis de la Unidad de Inteligencia Financiera.",
    },
    ("Advisor", "Cyber Security Council"): {
        "en": "Advisor to the Cyber Security Council.",
        "ar": "مستشار في مجلس الأمن السيبراني.",
        "fr": "Conseiller auprès du Conseil de cybersécurité.",
        "es": "Asesor del Consejo de Ciberseguridad.",
    },
    ("Director General", "Customs Authority"): {
        "en": "Director General of the Customs Authority.",
        "ar": "المدير العام للهيئة الاتحادية للجمارك.",
        "fr": "Directeur général de l'administration des douanes.",
        "es": "Director General de la Autoridad Aduanera.",
    },
    ("Heritage Protection Lead", "Ministry of Culture"): {
        "en": "Leads heritage protection at the Ministry of Culture.",
        "ar": "يقود حماية التراث في وزارة الثقافة.",
        "fr": "Responsable de la protection du patrimoine au ministère de la Culture.",
        "es": "Responsable de la protección del patrimonio en el Ministerio de Cultura.",
    },
    ("Chief Executive Officer", "SecureNet Systems"): {
        "en": "Chief Executive Officer of SecureNet Systems.",
        "ar": "الرئيس التنفيذي لشركة سيكيورنت سيستمز.",
        "fr": "Président-directeur général de SecureNet Systems.",
        "es": "Consejero delegado de SecureNet Systems.",
    },
    ("Head of Security", "Gulf Logistics"): {
        "en": "Head of Security at Gulf Logistics.",
        "ar": "رئيس الأمن في شركة الخليج للخدمات اللوجستية.",
        "fr": "Directeur de la sûreté de Gulf Logistics.",
        "es": "Jefe de Seguridad de Gulf Logistics.",
    },
    ("Correspondent", "Global Press Agency"): {
        "en": "Correspondent for the Global Press Agency.",
        "ar": "مراسل لوكالة الصحافة العالمية.",
        "fr": "Correspondant de la Global Press Agency.",
        "es": "Corresponsal de la Global Press Agency.",
    },
    ("Editor", "Al Khaleej Daily"): {
        "en": "Editor at Al Khaleej Daily.",
        "ar": "محرر في صحيفة الخليج اليومية.",
        "fr": "Rédacteur au quotidien Al Khaleej.",
        "es": "Redactor del diario Al Khaleej.",
    },
}


def _bio(speaker: Registration) -> dict[str, str]:
    """The demo biography in four languages; a job the table lacks stays as typed, in English."""
    known = BIOS.get((speaker.job_title, speaker.organization))
    return known or {"en": f"{speaker.job_title}, {speaker.organization}."}


def _abstract(title: dict[str, str]) -> dict[str, str]:
    """A parallel session's abstract, on its topic, in each language of its title."""
    abstract = {}
    for language, template in ABSTRACTS.items():
        if language in title:
            topic = title[language].removeprefix(WORKSHOP_PREFIXES[language])
            abstract[language] = template.format(
                topic=topic, topic_lower=topic[0].lower() + topic[1:]
            )
    return abstract


def _at(event: Event, day: int, clock: str) -> datetime:
    zone = event.tzinfo
    first_day = event.starts_at.astimezone(zone).date()
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(first_day + timedelta(days=day), time(hours, minutes), zone)


def _speakers(event: Event) -> list[Registration]:
    """Thirty approved registrants: the speaker category first, then heads of delegation."""
    approved = Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
    speakers = list(approved.filter(category__slug="speaker").order_by("reference"))
    if len(speakers) < SPEAKER_COUNT:
        speakers += list(
            approved.filter(category__slug="head-of-delegation").order_by("reference")[
                : SPEAKER_COUNT - len(speakers)
            ]
        )
    return speakers[:SPEAKER_COUNT]


def _plan(event: Event) -> list[dict]:
    """Every session: times, room slug, track slug, titles, kind, visibility, speaker count."""
    plan = []
    for day, start, end, kind, room, title_en, title_ar, speakers in FIXED:
        plan.append(
            {
                "starts_at": _at(event, day, start),
                "ends_at": _at(event, day, end),
                "kind": kind,
                "room": room,
                "track": None,
                "title": _in_four_languages(title_en, title_ar),
                "speakers": speakers,
                "invitation": False,
                "slot": None,
            }
        )
    titles = iter(PARALLEL)
    for index, (day, start, end, rooms) in enumerate(SLOTS):
        for room in rooms:
            track, title_en, title_ar = next(titles)
            workshop = title_en.startswith("Workshop")
            plan.append(
                {
                    "starts_at": _at(event, day, start),
                    "ends_at": _at(event, day, end),
                    "kind": SessionKind.WORKSHOP if workshop else SessionKind.PANEL,
                    "room": room,
                    "track": track,
                    "title": _in_four_languages(title_en, title_ar),
                    "speakers": 2 if workshop else 4,
                    "invitation": "closed session" in title_en,
                    "slot": index,
                }
            )
    return sorted(plan, key=lambda row: (row["starts_at"], row["room"] or ""))


@transaction.atomic
def seed(stdout) -> None:
    event = Event.objects.get(slug=DEMO_SLUG)
    zones = {zone.slug: zone for zone in AccessZone.objects.filter(event=event)}
    rooms = {}
    for position, (slug, name_en, name_ar, capacity, zone) in enumerate(ROOMS):
        rooms[slug], _ = Room.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={
                "name": _in_four_languages(name_en, name_ar),
                "capacity": capacity,
                "zone": zones.get(zone),
                "position": position,
            },
        )
    tracks = {}
    for position, (slug, name_en, name_ar, colour) in enumerate(TRACKS):
        tracks[slug], _ = Track.objects.update_or_create(
            event=event,
            slug=slug,
            defaults={
                "name": _in_four_languages(name_en, name_ar),
                "colour": colour,
                "position": position,
            },
        )
    speakers = _speakers(event)
    if len(speakers) < SPEAKER_COUNT:
        stdout.write(f"Demo agenda: only {len(speakers)} approved speakers available")
    for speaker in speakers:
        SpeakerProfile.objects.get_or_create(registration=speaker, defaults={"bio": _bio(speaker)})
    heads = event.categories.filter(slug="head-of-delegation")

    pointer = 0
    sessions = []
    for row in _plan(event):
        parallel = row["slot"] is not None
        floor_language = FLOOR_LANGUAGES.get(row["title"]["en"], "en")
        session, _ = Session.objects.update_or_create(
            event=event,
            title__en=row["title"]["en"],
            defaults={
                "title": row["title"],
                "abstract": _abstract(row["title"]) if parallel else {},
                "kind": row["kind"],
                "starts_at": row["starts_at"],
                "ends_at": row["ends_at"],
                "room": rooms[row["room"]] if row["room"] else None,
                "track": tracks[row["track"]] if row["track"] else None,
                "status": SessionStatus.CONFIRMED,
                "floor_language": floor_language,
                "capacity": None,
                "visibility": Visibility.INVITATION if row["invitation"] else Visibility.PUBLIC,
            },
        )
        if row["invitation"]:
            session.invited_categories.set(heads)
        _seed_interpretation(session, interpreted=row["kind"] in PLENARY_KINDS)
        chosen = []
        for _index in range(min(row["speakers"], len(speakers))):
            chosen.append(speakers[pointer % len(speakers)])
            pointer += 1
        wanted = {speaker.pk for speaker in chosen}
        session.speakers.exclude(registration_id__in=wanted).delete()
        for order, speaker in enumerate(chosen):
            # Panels have a moderator last; the opening ceremony a chair first.
            role = SpeakerRole.SPEAKER
            if row["kind"] == SessionKind.PANEL and order == len(chosen) - 1:
                role = SpeakerRole.MODERATOR
            elif row["kind"] == SessionKind.OPENING and order == 0:
                role = SpeakerRole.CHAIR
            SessionSpeaker.objects.update_or_create(
                session=session, registration=speaker, defaults={"role": role, "order": order}
            )
        sessions.append((session, wanted))
    for session, wanted in sessions:
        try:
            session_check(session=session, speaker_ids=wanted)
        except AgendaError as error:
            raise RuntimeError(f"Demo session “{session.title}”: {error.message}") from error

    _seed_personal_agendas(event, [session for session, _ in sessions])
    _seed_bilaterals(event, rooms, stdout)
    if release_preview(event=event).has_changes:
        release = schedule_release(
            event_id=event.pk,
            actor=Actor(label="demo"),
            comment="Demo programme",
        )
        stdout.write(f"Demo agenda: released version {release.number}")
    stdout.write(
        f"Demo agenda: {len(sessions)} sessions, {len(rooms)} rooms, {len(tracks)} tracks, "
        f"{len(speakers)} speakers"
    )


def _seed_interpretation(session: Session, *, interpreted: bool) -> None:
    """The plenary sessions' channels (the others have none); unchanged rows stay."""
    wanted = {}
    if interpreted:
        wanted = {
            language: channel
            for language, channel in INTERPRETATION_CHANNELS.items()
            if language != session.floor_language
        }
    session.interpretation.exclude(language__in=wanted).delete()
    for language, channel in wanted.items():
        InterpretationChannel.objects.update_or_create(
            session=session, language=language, defaults={"channel": channel}
        )


def _seed_personal_agendas(event: Event, sessions: list[Session]) -> None:
    """Five approved delegates each follow one session per parallel slot of day one."""
    delegates = Registration.objects.filter(
        event=event, category__slug="delegate", status=RegistrationStatus.APPROVED
    ).order_by("reference")[:5]
    panels = [
        session
        for session in sessions
        if session.kind in (SessionKind.PANEL, SessionKind.KEYNOTE)
        and session.visibility == Visibility.PUBLIC
    ]
    for number, delegate in enumerate(delegates):
        for session in panels[number::5][:4]:
            PersonalAgendaItem.objects.get_or_create(registration=delegate, session=session)


# Rooms the demo marks for bilateral meetings (they also hold some parallel sessions:
# a room is free for a meeting only when no session is in it).
BILATERAL_ROOMS = ["majlis", "workshop-room"]

# requester, counterpart, subject, status, proposed times (day, start, minutes), chosen index
BILATERALS = [
    (
        "United Arab Emirates",
        "Kingdom of Saudi Arabia",
        "Border security cooperation",
        BilateralStatus.REQUESTED,
        [(0, "12:30", 30), (1, "13:00", 30)],
        None,
    ),
    (
        "Arab Republic of Egypt",
        "Hashemite Kingdom of Jordan",
        "Joint investigations into trafficking networks",
        BilateralStatus.CONFIRMED,
        [(0, "12:30", 45), (1, "13:00", 30)],
        0,
    ),
    (
        "French Republic",
        "Japan",
        "Cybercrime evidence sharing",
        BilateralStatus.DECLINED,
        [(1, "09:30", 30)],
        None,
    ),
    (
        "Japan",
        "United Arab Emirates",
        "Major event security",
        BilateralStatus.CANCELLED,
        [(0, "16:45", 30)],
        0,
    ),
]


def _seed_bilaterals(event: Event, rooms: dict, stdout) -> None:
    """A few bilateral requests in each state between the demo delegations (idempotent)."""
    Room.objects.filter(event=event, slug__in=BILATERAL_ROOMS).update(is_bilateral=True)
    delegations = {d.name.get("en"): d for d in Delegation.objects.filter(event=event)}
    seeded = 0
    for requester, counterpart, subject, status, times, chosen in BILATERALS:
        first, second = delegations.get(requester), delegations.get(counterpart)
        if first is None or second is None:
            continue
        slots = [
            (_at(event, day, clock), _at(event, day, clock) + timedelta(minutes=minutes))
            for day, clock, minutes in times
        ]
        when = {}
        if chosen is not None:
            start, end = slots[chosen]
            free = free_bilateral_rooms(event=event, starts_at=start, ends_at=end)
            when = {
                "starts_at": start,
                "ends_at": end,
                "room": free[0] if free else None,
                # The cancelled one was confirmed first: calendars saw it, then its end.
                "sequence": 1 if status == BilateralStatus.CANCELLED else 0,
            }
        meeting, created = BilateralMeeting.objects.get_or_create(
            event=event,
            requester=first,
            counterpart=second,
            subject=subject,
            defaults={
                "proposed_by": first,
                "status": status,
                "changed_at": event.created_at.replace(microsecond=0),
                "reason": "Our minister leaves before this time."
                if status == BilateralStatus.DECLINED
                else "",
                **when,
            },
        )
        if not created:
            continue
        seeded += 1
        BilateralSlot.objects.bulk_create(
            BilateralSlot(meeting=meeting, round=1, starts_at=start, ends_at=end, proposed_by=first)
            for start, end in slots
        )
    stdout.write(f"Demo bilateral meetings: {seeded} new, rooms {', '.join(BILATERAL_ROOMS)}")
