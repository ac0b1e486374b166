from taizhang.cli.base import ListCommand
from taizhang.materials.models import Material
from taizhang.materials.selectors import materials_visible


class Command(ListCommand):
    help = "交流材料：list 列出材料（不带 --user 时不列出保密材料）"
    kind_label = "交流材料"

    def queryset(self, campaign, user):
        qs = materials_visible(user, campaign) if user else Material.objects.filter(campaign=campaign,
                                                                                    confidential=False)
        return qs.select_related("unit").defer("body").order_by("id")

    columns = ("id:pk", "unit:unit.code", "genre", "genre_label:get_genre_display", "title",
               "author:author_name", "confidential", "text_extracted")
