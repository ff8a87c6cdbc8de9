"""Forms of the staff pages: importing an issue, describing its pages, page numbers,
splitting, unions.

Every form here takes control characters out of what staff type or paste before validating
it (``WithoutControlChars``), as the importer does with page files.
"""
from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.utils.datastructures import MultiValueDict

from ..control_chars import without_control_chars
from ..ingest.generic_names import is_generic
from ..ingest.sources import ArgumentProblem, parse_page_number
from ..models import Article, Page, Place, Publication, Union
from ..selectors.pages import numbered_pages
from ..services.pages import save_with_numbers_freed


class WithoutControlChars:
    """Form mixin: submitted text loses its control characters before it is validated.

    A form feed or vertical tab pasted from a PDF becomes a line break, CRLF from a textarea
    becomes LF, an escape code or NUL goes: they print nothing, and one stored in an article
    would break every feed carrying it.
    """

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = _without_control_chars(self.data)
        super().full_clean()


def _without_control_chars(data: object) -> object:
    if isinstance(data, MultiValueDict):  # a QueryDict
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [_clean_value(value) for value in values])
        return cleaned
    return {key: _clean_value(value) for key, value in dict(data).items()}


def _clean_value(value: object) -> object:
    return without_control_chars(value) if isinstance(value, str) else value


class PlainTextModelForm(WithoutControlChars, forms.ModelForm):
    """The admin's default model form, without control characters."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PageFilesField(forms.FileField):
    """Several page files from one file input."""

    widget = MultipleFileInput

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        items = data if isinstance(data, (list, tuple)) else [data]
        files = [super(PageFilesField, self).clean(item, initial) for item in items if item]
        if not files:
            raise forms.ValidationError("请选择至少一个版面文件")
        return files


class IssueFactsForm(WithoutControlChars, forms.Form):
    """The paper and date of an issue being imported; editable again on the preview."""

    publication = forms.CharField(
        label="报名", max_length=Publication._meta.get_field("name").max_length,
        help_text="选择已有的报纸，或输入新报纸的全称（如 浙江工人日报）。",
        widget=forms.TextInput(attrs={"list": "publication-names", "autocomplete": "off"}),
    )
    date = forms.DateField(
        label="出版日期", help_text="格式 YYYY-MM-DD，如 2019-11-21。",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入真实存在的日期，格式 YYYY-MM-DD"},
    )
    date_estimated = forms.BooleanField(
        label="日期为推断", required=False,
        help_text="报纸上没有印日期、日期是从内容推断的，请勾选；网站会显示为“约”。",
    )

    def clean_publication(self) -> str:
        name = self.cleaned_data["publication"].strip()
        if not name:
            raise forms.ValidationError("请填写报名")
        return name


class ImportIssueForm(IssueFactsForm):
    files = PageFilesField(
        label="版面文件",
        help_text="每个版面一个文本文件（UTF-8 或 GB18030，纯文本或 Markdown），可一次选择多个。",
    )


class PageDescriptionForm(WithoutControlChars, forms.Form):
    """Page number (版次) and name (版名) of one uploaded file."""

    file_name = forms.CharField(widget=forms.HiddenInput)
    page_number = forms.CharField(label="版次", required=False,
                                  widget=forms.TextInput(attrs={"size": 3}))
    page_name = forms.CharField(
        label="版名", required=False, max_length=Page._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"size": 12}),
    )

    def clean_page_number(self) -> int | None:
        value = self.cleaned_data["page_number"].strip()
        if not value:
            return None
        try:
            return parse_page_number(value)
        except ArgumentProblem as exc:
            raise forms.ValidationError(str(exc)) from None


class BasePageDescriptionFormSet(forms.BaseFormSet):
    """The uploaded pages described together: no two may take the same number.

    Numbers are checked as they end up, so swapping two pages' numbers is fine; a number a page
    already stored in the issue has is the importer's to report (it names that page).
    """

    def clean(self) -> None:
        if any(self.errors):
            return
        first: dict[int, str] = {}
        for form in self.forms:
            number = form.cleaned_data.get("page_number")
            if number is None:
                continue
            name = form.cleaned_data.get("file_name", "")
            other = first.setdefault(number, name)
            if other != name:
                form.add_error("page_number", f"{other} 也填了第 {number} 版，同一期的版次不能重复")


PageDescriptionFormSet = forms.formset_factory(
    PageDescriptionForm, formset=BasePageDescriptionFormSet, extra=0
)


def _page_named(page: Page) -> str:
    return page.source_file + (f"（{page.name}）" if page.name else "")


class PageForm(PlainTextModelForm):
    """A page's number and name; a number another page of its issue already has is refused,
    naming that page, instead of failing in the database."""

    def clean_number(self) -> int | None:
        number = self.cleaned_data.get("number")
        issue_id = self.instance.issue_id
        if number is None or issue_id is None:
            return number
        other = numbered_pages(issue_id, exclude=[self.instance.pk]).get(number)
        if other is not None:
            raise forms.ValidationError(
                f"本期的第 {number} 版已是 {_page_named(other)}，同一期的版次不能重复；"
                "要对调两个版面的版次，请在这一期的编辑页上一起修改"
            )
        return number


class PageNumbersFormSet(forms.BaseInlineFormSet):
    """An issue's pages edited together: the numbers they end up with must differ.

    Swapping two pages' numbers is allowed, and so is giving a page the number of one deleted
    in the same save: ``services.pages.save_with_numbers_freed`` frees the old numbers first.
    """

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        forms_kept = [
            form for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        in_forms = [form.instance.pk for form in self.forms if form.instance.pk]
        taken = numbered_pages(self.instance.pk, exclude=in_forms) if self.instance.pk else {}
        # Unchanged numbers first: the error goes to the page whose number was changed.
        forms_kept.sort(key=lambda form: "number" in form.changed_data)
        for form in forms_kept:
            number = form.cleaned_data.get("number")
            if number is None:
                continue
            other = taken.get(number)
            if other is not None:
                form.add_error("number", f"第 {number} 版已是 {_page_named(other)}，"
                                         "同一期的版次不能重复")
            else:
                taken[number] = form.instance

    def save(self, commit: bool = True) -> list[Page]:
        if not commit:
            return super().save(commit)
        deleted = [form for form in self.initial_forms if self._should_delete_form(form)]
        return save_with_numbers_freed(
            renumbered=[form.instance.pk for form in self.initial_forms
                        if "number" in form.changed_data and form not in deleted],
            deleted=[form.instance.pk for form in deleted],
            save=lambda: super(PageNumbersFormSet, self).save(commit),
        )


class SplitArticleForm(WithoutControlChars, forms.Form):
    at = forms.TypedChoiceField(
        label="新文章从哪一段开始", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "请选择新文章开头的那一段"},
    )
    promote = forms.BooleanField(
        label="所选的这一段就是新文章的标题", required=False,
        help_text="勾选后，这一段成为新文章的主题，并从正文中删去；不必再填写主题。",
    )
    title = forms.CharField(
        label="新文章的主题", max_length=Article._meta.get_field("title").max_length,
        required=False,
    )

    def __init__(self, *args: object, paragraphs: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].choices = [
            (index, text) for index, text in enumerate(paragraphs) if index > 0
        ]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("promote") and not (data.get("title") or "").strip():
            self.add_error("title", "请填写新文章的主题，或勾选“所选的这一段就是新文章的标题”")
        return data


class AliasesField(forms.CharField):
    """A list of names edited as one name a line."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value: object) -> str:
        if isinstance(value, list):
            return "\n".join(value)
        return value or ""

    def to_python(self, value: object) -> list[str]:
        text = super().to_python(value) or ""
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class UnionForm(PlainTextModelForm):
    aliases = AliasesField(
        label="别称", required=False,
        help_text="报道中对这个工会的其他叫法，每行一个（如 湖州总工会、湖州市总）。"
                  "只说明级别的叫法（市总工会、县总、公司工会）不能作别称。",
    )

    class Meta:
        model = Union
        fields = ["name", "aliases", "level", "place", "parent"]

    def clean_aliases(self) -> list[str]:
        """An alias names this union alone: not another union's full name, not an alias
        another union already has (an alias on two unions would make two unions one name),
        and not a generic name (市总工会, 县总) that only says a level.

        Another union's alias is checked for the aliases added here, so an edit of a union
        is not held up by what two unions already shared before."""
        name = self.cleaned_data.get("name")
        aliases = [alias for alias in self.cleaned_data.get("aliases") or [] if alias != name]
        problems = [
            f"别称“{alias}”只说明级别，没有说明是哪个工会，不能作为某一个工会的别称：报道中的"
            f"“{alias}”由文章所在的地区确定是哪个工会（湖州的文章里，市总工会就是湖州市总工会）。"
            "请删去这一行，或写出带地名的叫法（如 湖州市总）"
            for alias in aliases if is_generic(alias)
        ]
        specific = [alias for alias in aliases if not is_generic(alias)]
        others = Union.objects.filter(name__in=specific).exclude(pk=self.instance.pk)
        problems += [
            f"别称“{other.name}”是另一个工会（工会 {other.pk}）的全称，不能用作别称；"
            "如果它们是同一个工会，请在工会列表中把它们合并"
            for other in others
        ]
        added = set(specific) - set(self.instance.aliases or []) - {other.name for other in others}
        holders = Union.objects.exclude(pk=self.instance.pk).order_by("pk")
        for pk, other_name, their_aliases in holders.values_list("pk", "name", "aliases"):
            for alias in sorted(added & set(their_aliases or [])):
                problems.append(
                    f"别称“{alias}”已是工会“{other_name}”（工会 {pk}）的别称，一个别称只能"
                    "属于一个工会；如果它们是同一个工会，请在工会列表中把它们合并，否则请换一个"
                    "更具体的叫法"
                )
        if problems:
            raise forms.ValidationError(problems)
        return aliases

    def clean_parent(self) -> Union | None:
        parent = self.cleaned_data.get("parent")
        node, seen = parent, set()
        while node is not None and self.instance.pk and node.pk not in seen:
            if node.pk == self.instance.pk:
                raise forms.ValidationError("上级工会不能是它自己或它的下级工会")
            seen.add(node.pk)
            node = node.parent
        return parent


class PlaceForm(PlainTextModelForm):
    short_names = AliasesField(label="简称", required=False,
                               help_text="文章中对这个地区的简短叫法，每行一个（如 金华）。")
    former_names = AliasesField(label="曾用名", required=False, help_text="每行一个。")

    class Meta:
        model = Place
        fields = ["name", "level", "parent", "short_names", "former_names", "is_current"]


class MergeUnionsForm(forms.Form):
    """Which of the selected unions to keep: each offered with its place, level, number of
    articles and aliases, the one with most articles chosen to begin with."""

    keep = forms.ModelChoiceField(
        label="保留哪一个", queryset=Union.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "请选择保留的工会"},
    )

    def __init__(self, *args: object, unions: list[Union], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        candidates = (
            Union.objects.filter(pk__in=[u.pk for u in unions]).select_related("place")
            .annotate(article_total=Count("article_links", distinct=True))
            .order_by("-article_total", "pk")
        )
        self.fields["keep"].queryset = candidates
        biggest = candidates.first()
        self.fields["keep"].initial = biggest.pk if biggest else None

    def choices(self) -> list[tuple[Union, object]]:
        """(union, its radio) for each candidate, most articles first."""
        return [(radio.data["value"].instance, radio) for radio in self["keep"]]
