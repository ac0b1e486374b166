"""What the office sees: the summary on a material's page, the report with passages side by side, the 查重 list,
the reference corpus page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taizhang.similarity.models import ReferenceDocument
from taizhang.similarity.tests import disguises
from taizhang.similarity.tests.samples import HONEST_A, SOURCE


def test_the_material_page_shows_the_office_its_share_and_sources(world, submit, login):
    source = submit("V2", SOURCE, title="南村抓党建促治理经验")
    copy = submit("V1", disguises.all_combined(SOURCE), title="东村抓党建促治理经验")
    html = login("county_office").get(reverse("materials:material_detail", args=[copy.pk])).content.decode()
    assert 'id="similarity-summary"' in html and "重复率" in html and source.title in html
    assert reverse("similarity:material_report", args=[copy.pk]) in html


def test_the_author_does_not_see_the_check(world, submit, login):
    material = submit("V1", SOURCE, author="village_clerk")
    html = login("village_clerk").get(reverse("materials:material_detail", args=[material.pk])).content.decode()
    assert "similarity-summary" not in html and "重复率" not in html


def test_the_report_shows_passages_side_by_side_with_the_shared_text_marked(world, submit, login):
    submit("V2", SOURCE, title="南村抓党建促治理经验")
    copy = submit("V1", disguises.numbers_to_x(disguises.paragraphs_reordered(SOURCE)))
    html = login("county_office").get(reverse("similarity:material_report", args=[copy.pk])).content.decode()
    assert "来源材料" in html and "南村抓党建促治理经验" in html and "本材料" in html
    # the same passage on both sides, each as its author wrote it: the source with its date, the copy with x's
    assert html.count("<mark>三、议事协商，让群众的事群众商量着办。支部建立“村民说事”制度，每月") == 2
    assert "制度，每月15日召开议事会" in html
    copy_side = html.split("制度，每月")[1][:3]
    assert copy_side[0] in "xX×" and "15" not in copy_side


def test_an_honest_material_reports_no_passages(world, submit, login):
    submit("V2", SOURCE)
    honest = submit("V1", HONEST_A)
    html = login("county_office").get(reverse("similarity:material_report", args=[honest.pk])).content.decode()
    assert "未发现与其他材料或比对文档重复的段落" in html and "0.0%" in html


def test_the_list_orders_by_share(world, submit, login):
    submit("V2", SOURCE, title="原文材料")
    submit("V1", HONEST_A, title="诚实材料")
    submit("V1", disguises.names_to_placeholders(SOURCE), title="改名材料")
    html = login("county_office").get(reverse("similarity:check_list")).content.decode()
    assert html.index("诚实材料") > html.index("改名材料") and html.index("诚实材料") > html.index("原文材料")
    assert "已查重 3 / 3 份" in html


def test_asking_for_a_check_again_says_so(world, submit, login):
    material = submit("V1", SOURCE)
    client = login("county_office")
    response = client.post(reverse("similarity:material_check", args=[material.pk]), follow=True)
    assert "已提交查重" in response.content.decode()


def test_a_reference_is_uploaded_and_listed_and_a_bad_file_named(world, login):
    client = login("county_office")
    response = client.post(reverse("similarity:reference_list"), {
        "unit_code": "K1", "title": "", "file": SimpleUploadedFile("网传范文.txt", SOURCE.encode())}, follow=True)
    html = response.content.decode()
    assert "已上传比对文档「网传范文」" in html and "网传范文.txt" in html
    assert ReferenceDocument.objects.filter(title="网传范文", unit__code="K1").exists()
    response = client.post(reverse("similarity:reference_list"), {
        "unit_code": "K1", "file": SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert "扫描件.pdf" in response.content.decode() and ReferenceDocument.objects.count() == 1


def test_the_api_gives_the_visible_sources_with_their_passages(world, submit, login):
    source = submit("V2", SOURCE, title="南村经验")
    submit("V4", SOURCE, author="province_office", title="中县的一份")  # outside 东县: never a source for its office
    copy = submit("V1", disguises.all_combined(SOURCE))
    body = login("county_office").get(f"/api/v1/similarity/materials/{copy.pk}").json()
    assert body["checked"] and not body["pending"] and body["score"] >= 0.8
    assert [(s["kind"], s["id"], s["unit"]) for s in body["sources"]] == [("material", source.pk, "V2")]
    assert any(p["b"]["text"].startswith("三、议事协商") for p in body["sources"][0]["passages"])
    province = login("province_office").get(f"/api/v1/similarity/materials/{copy.pk}").json()
    assert {s["title"] for s in province["sources"]} == {"南村经验", "中县的一份"}


def test_a_material_without_text_says_it_cannot_be_checked(world, login, django_capture_on_commit_callbacks):
    from taizhang.materials import services

    upload = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n%%EOF\n")
    with django_capture_on_commit_callbacks(execute=True):
        material = services.material_submit(actor=world.county_office, campaign=world.campaign(),
                                            unit=world.unit("V1"), genre="experience", title="扫描件", upload=upload)
    html = login("county_office").get(reverse("similarity:material_report", args=[material.pk])).content.decode()
    assert "材料没有可比对的文字" in html and "data-testid=\"similarity-score\"" not in html
