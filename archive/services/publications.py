"""Publications: created on first import, with the home province their name announces.

A provincial paper puts its province first (浙江工人日报, 内蒙古工人报); a national paper does
not (工人日报). The home province decides ambiguous place names in the paper's articles, so it
is set when the publication is first seen and left to staff afterwards.
"""
from __future__ import annotations

from django.utils.text import slugify

from ..gazetteer.names import short_forms
from ..models import Place, Publication


def infer_home_province(name: str) -> Place | None:
    """The province whose full or short name the publication's name starts with, if any."""
    best: tuple[int, Place] | None = None
    for province in Place.objects.filter(level=Place.Level.PROVINCE, is_current=True):
        forms = {province.name, *province.short_names, *short_forms(province.name, province.level)}
        for form in forms:
            if form and name.startswith(form) and (best is None or len(form) > best[0]):
                best = (len(form), province)
    return best[1] if best else None


def home_province_code(name: str) -> str | None:
    """GB/T 2260 code of the publication's home province: as stored, else as its name says."""
    publication = Publication.objects.select_related("home_province").filter(name=name).first()
    if publication is not None:
        return publication.home_province.code if publication.home_province else None
    province = infer_home_province(name)
    return province.code if province else None


def get_or_create_publication(name: str) -> tuple[Publication, bool]:
    """The publication of that name, created with a slug and inferred home province if new."""
    publication = Publication.objects.filter(name=name).first()
    if publication is not None:
        return publication, False
    slug = _free_slug(slugify(name, allow_unicode=True) or "publication")
    publication = Publication.objects.create(
        name=name, slug=slug, home_province=infer_home_province(name)
    )
    return publication, True


def _free_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … when another publication already has it."""
    max_length = Publication._meta.get_field("slug").max_length
    slug = base[:max_length]
    counter = 2
    while Publication.objects.filter(slug=slug).exists():
        suffix = f"-{counter}"
        slug = base[: max_length - len(suffix)] + suffix
        counter += 1
    return slug
