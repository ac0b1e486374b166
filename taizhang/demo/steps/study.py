"""Demo study data: the campaign's reading list and study activities of every unit, with the listed
member linked to the activities of their branch so their own study record is filled."""

from __future__ import annotations

from datetime import timedelta

from taizhang.demo import phrases
from taizhang.demo.bulk import bulk_insert

DEMO_ORDER = 40

UPPER_TYPES = ["first_topic", "group_study", "reading_class", "seminar", "tutorial", "preaching", "onsite", "quiz"]
BRANCH_TYPES = ["three_meetings", "party_day", "party_lecture", "self_study", "quiz", "preaching", "onsite"]
PER_UNIT = {"small": (4, 9), "county": (3, 7), "province": (2, 4)}


def generate(ctx) -> None:
    from taizhang.study.models import ReadingItem, StudyActivity

    rng = ctx.rng_for("study")
    campaign = ctx.campaign
    titles = phrases.unique_names(rng, phrases.reading_material, 8)
    reading = bulk_insert(ReadingItem, [ReadingItem(campaign=campaign, title=t, kind="required" if i < 4 else
                                                    "optional", sort_order=i) for i, t in enumerate(titles)])
    low, high = PER_UNIT[ctx.size]
    days_open = max(1, (min(ctx.today, campaign.end_date) - campaign.start_date).days)
    activities, links, material_links = [], [], []
    for unit in ctx.all_units:
        branch = unit.kind == "branch"
        member = ctx.users_by_unit.get(unit.pk, {}).get("member")
        for _ in range(rng.randint(low, high)):
            kind = rng.choice(BRANCH_TYPES if branch else UPPER_TYPES)
            day = campaign.start_date + timedelta(days=rng.randint(0, days_open))
            days = rng.choice([3, 5, 7]) if kind == "reading_class" else (2 if kind == "onsite" and rng.random() < .3
                                                                           else 1)
            people = rng.randint(8, 35) if branch else rng.randint(12, 80)
            speakers = rng.randint(3, max(3, people // 3)) if kind in ("seminar", "reading_class", "group_study") \
                else rng.randint(0, 4)
            activity = StudyActivity(
                campaign=campaign, unit=unit, type=kind, title=phrases.study_title(rng, kind), start_date=day,
                end_date=day + timedelta(days=days - 1), days=days, host=phrases.person_name(rng),
                participant_count=people, attendance=people * days, speakers=speakers,
                outputs=rng.randint(0, 12) if kind in ("seminar", "party_day", "three_meetings") else 0,
                summary=phrases.study_output_note(rng))
            activities.append(activity)
            if member is not None and rng.random() < 0.8:
                links.append((activity, member))
            if kind in ("reading_class", "group_study", "first_topic"):
                material_links.append((activity, rng.choice(reading)))
    bulk_insert(StudyActivity, activities)
    Through = StudyActivity.participants.through
    Through.objects.bulk_create([Through(studyactivity_id=a.pk, user_id=u.pk) for a, u in links], batch_size=5000)
    MThrough = StudyActivity.materials.through
    MThrough.objects.bulk_create([MThrough(studyactivity_id=a.pk, readingitem_id=r.pk) for a, r in material_links],
                                 batch_size=5000)
    ctx.counts["study_activities"] = len(activities)
