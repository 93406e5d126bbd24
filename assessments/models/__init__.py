from assessments.models.campaigns import (
    Campaign,
    CampaignState,
    GroupCount,
    Invitation,
    RaterRole,
    RatingTally,
    Response,
    ResponseRating,
)
from assessments.models.organisations import Membership, Organisation, Role, Team
from assessments.models.self_assessment import (
    RATING_SCALE,
    SCALE_MAX,
    SCALE_MIN,
    ComponentNote,
    NotComplete,
    Rating,
    ReflectionAnswer,
    SelfAssessment,
)

__all__ = [
    "RATING_SCALE",
    "SCALE_MAX",
    "SCALE_MIN",
    "Campaign",
    "CampaignState",
    "ComponentNote",
    "GroupCount",
    "Invitation",
    "Membership",
    "NotComplete",
    "Organisation",
    "RaterRole",
    "Rating",
    "RatingTally",
    "ReflectionAnswer",
    "Response",
    "ResponseRating",
    "Role",
    "SelfAssessment",
    "Team",
]
