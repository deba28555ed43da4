"""The web page's words in Spanish (the default) and English. Vocabulary terms carry their own labels."""

from __future__ import annotations

from kb import vocab
from kb.countries import country_label

LANGUAGES = ("es", "en")

MESSAGES = {
    "app_name": ("Prácticas de prevención", "Prevention practices"),
    "tagline": ("Experiencias de prevención de la violencia y el delito de Colombia, Argentina, Europa y "
                "Centroamérica, para los planes municipales.",
                "Violence- and crime-prevention experiences from Colombia, Argentina, Europe and Central America, "
                "for municipal plans."),
    "skip": ("Saltar al contenido", "Skip to content"),
    "nav_search": ("Buscar", "Search"),
    "nav_suggest": ("Sugerencias para un plan", "Suggestions for a plan"),
    "switch_to": ("English", "Español"),
    "switch_label": ("Ver esta página en inglés", "See this page in Spanish"),
    "search_label": ("¿Qué problema quiere atender?", "Which problem do you want to address?"),
    "search_placeholder": ("p. ej. homicidios cerca de bares de noche", "e.g. homicides near bars at night"),
    "search_button": ("Buscar", "Search"),
    "filters": ("Filtros", "Filters"),
    "clear_filters": ("Quitar todos los filtros", "Clear all filters"),
    "apply_filters": ("Aplicar filtros", "Apply filters"),
    "facet_country": ("País", "Country"),
    "facet_theme": ("Tema", "Theme"),
    "facet_target_group": ("Población", "Target group"),
    "facet_gt_axis": ("Eje de la política nacional", "Axis of the national policy"),
    "facet_evidence": ("Evidencia", "Evidence"),
    "facet_language": ("Idioma del caso", "Language of the case"),
    "results_count": ("{n} prácticas", "{n} practices"),
    "results_shown": ("las {shown} más cercanas de {n} prácticas", "the {shown} closest of {n} practices"),
    "results_for": ("Resultados para «{q}»", "Results for “{q}”"),
    "all_practices": ("Todas las prácticas", "All practices"),
    "also_searched": ("También se buscó, traducido:", "Also searched for, translated:"),
    "evidence_asked": ("Primero las prácticas evaluadas así:", "Practices evaluated so come first:"),
    "no_results": ("Ninguna práctica cumple todos los filtros elegidos.", "No practice matches every filter chosen."),
    "remove_filter": ("Quitar «{label}»", "Remove “{label}”"),
    "empty_hint": ("Escriba un problema o una pregunta, en español o en inglés. Por ejemplo:",
                   "Type a problem or a question, in Spanish or English. For example:"),
    "matched_in": ("Coincide en", "Matched in"),
    "summary": ("Resumen", "Summary"),
    "period": ("Periodo", "Period"),
    "place": ("Lugar", "Place"),
    "scale": ("Escala", "Scale"),
    "themes": ("Temas", "Themes"),
    "target_groups": ("Población", "Target groups"),
    "gt_axes": ("Ejes de la política nacional", "Axes of the national policy"),
    "continuum": ("Nivel de prevención", "Level of prevention"),
    "evidence": ("Evidencia", "Evidence"),
    "design": ("Diseño de la evaluación", "Evaluation design"),
    "actors": ("Instituciones", "Institutions"),
    "indicators": ("Indicadores usados", "Indicators used"),
    "sources": ("Fuentes", "Sources"),
    "similar": ("Prácticas parecidas", "Similar practices"),
    "case_language": ("Idioma del caso", "Language of the case"),
    "back_to_search": ("Volver a la búsqueda", "Back to search"),
    "suggest_title": ("Sugerencias para un plan municipal", "Suggestions for a municipal plan"),
    "suggest_intro": ("Pegue el borrador de su política o plan municipal de prevención, o suba el archivo "
                      "(.docx, .pdf, .md o .txt, hasta 10 MB). Para cada sección recibirá prácticas de otros "
                      "lugares, con la razón de cada sugerencia.",
                      "Paste the draft of your municipal prevention policy or plan, or upload the file (.docx, .pdf, "
                      ".md or .txt, up to 10 MB). For each section you get practices from elsewhere, each with "
                      "the reason for it."),
    "paste_label": ("Texto del borrador", "Text of the draft"),
    "file_label": ("O suba el archivo", "Or upload the file"),
    "per_section": ("Sugerencias por sección", "Suggestions per section"),
    "suggest_button": ("Sugerir prácticas", "Suggest practices"),
    "working": ("Analizando el plan… puede tardar unos segundos.", "Reading the plan… this can take a few seconds."),
    "sections_title": ("Sugerencias por sección del plan", "Suggestions per section of the plan"),
    "not_used": ("No se usa para buscar: {why}", "Not used to search: {why}"),
    "kind_legal-framework": ("marco legal o institucional", "legal or institutional framework"),
    "kind_reference-data": ("datos de referencia", "reference data"),
    "kind_empty": ("sección sin texto propio", "section without text of its own"),
    "overall_title": ("Lista general (cada práctica una vez)", "Overall list (each practice once)"),
    "coverage_title": ("Cobertura de los ejes de la política nacional", "Coverage of the national policy's axes"),
    "addressed": ("Ejes que el plan aborda", "Axes the plan addresses"),
    "missing": ("Ejes que el plan no aborda", "Axes the plan does not address"),
    "suggested_indicators": ("Indicadores sugeridos para el monitoreo", "Suggested indicators for monitoring"),
    "why": ("Por qué", "Why"),
    "none": ("ninguno", "none"),
    "error_title": ("No se pudo atender la solicitud", "The request could not be served"),
    "not_found": ("No existe esa página.", "There is no such page."),
    "try_again": ("Volver al inicio", "Back to the start"),
    "api_docs": ("API y documentación", "API and documentation"),
    "no_suggestions": ("Sin sugerencias para esta sección.", "No suggestions for this section."),
    "packs_title": ("Paquetes de taller", "Workshop packs"),
    "packs_none": ("Todavía no hay paquetes de taller.", "There are no workshop packs yet."),
    "pack_download": ("Descargar el paquete", "Download the pack"),
    "pack_practices": ("Prácticas del paquete", "Practices in the pack"),
    "pack_broken": ("no se puede usar", "cannot be used"),
    "packs_intro": ("Colecciones de prácticas preparadas para talleres, para descargar en Word, PDF, HTML o "
                    "Markdown. Para armar la suya, añada prácticas desde la búsqueda y ábralas en",
                    "Collections of practices prepared for workshops, to download as Word, PDF, HTML or Markdown. "
                    "To build your own, add practices from the search and open them in"),
    "pack_edit_copy": ("Editar en mi paquete", "Edit in my pack"),
    "my_pack": ("Mi paquete", "My pack"),
    "draft_title": ("Mi paquete de taller", "My workshop pack"),
    "draft_intro": ("Reúna prácticas para un taller: añádalas desde los resultados de búsqueda o desde la página "
                    "de cada práctica, ordénelas, escriba su nota para cada una (encuadre, preguntas para el "
                    "debate) y descargue el documento. El paquete se guarda en este navegador.",
                    "Gather practices for a workshop: add them from the search results or from each practice's "
                    "page, put them in order, write your note for each (framing, questions for discussion) and "
                    "download the document. The pack is kept in this browser."),
    "draft_needs_js": ("Para armar un paquete en esta página hace falta JavaScript. También puede escribir el "
                       "archivo YAML a mano, como los de la carpeta packs/, o empezarlo con `kb pack suggest`.",
                       "Building a pack on this page needs JavaScript. You can also write the YAML file by hand, "
                       "like those in the packs/ folder, or start it with `kb pack suggest`."),
    "pack_field_title": ("Título del taller", "Title of the workshop"),
    "pack_field_audience": ("Público", "Audience"),
    "pack_field_date": ("Fecha", "Date"),
    "pack_field_language": ("Idioma del documento", "Language of the document"),
    "pack_field_intro": ("Introducción (Markdown)", "Introduction (Markdown)"),
    "pack_empty": ("Todavía no hay prácticas en el paquete. Use «Añadir al paquete» en los resultados de búsqueda "
                   "o en la página de una práctica.",
                   "There are no practices in the pack yet. Use “Add to pack” in the search results or on a "
                   "practice's page."),
    "pack_note": ("Nota del capacitador (Markdown)", "Trainer's note (Markdown)"),
    "move_up": ("Subir", "Move up"),
    "move_down": ("Bajar", "Move down"),
    "remove": ("Quitar", "Remove"),
    "add_to_pack": ("Añadir al paquete", "Add to pack"),
    "remove_from_pack": ("Quitar del paquete", "Remove from pack"),
    "pack_save_title": ("Guardar en el servidor", "Save on the server"),
    "pack_save_intro": ("Para que otros lo vean en «Paquetes de taller». Hace falta la clave de administración "
                        "del servidor (KB_ADMIN_TOKEN).",
                        "So that others see it under “Workshop packs”. Needs the server's admin token "
                        "(KB_ADMIN_TOKEN)."),
    "pack_name": ("Nombre del archivo", "File name"),
    "admin_token": ("Clave de administración", "Admin token"),
    "save": ("Guardar", "Save"),
    "clear_pack": ("Vaciar el paquete", "Empty the pack"),
    "pack_yaml": ("Archivo del paquete (.yaml)", "The pack's file (.yaml)"),
    # words only the page's script shows (the add-to-pack buttons and the pack editor)
    "pack_added": ("Añadida a su paquete «{title}».", "Added to your pack “{title}”."),
    "pack_removed": ("Quitada de su paquete: «{title}».", "Removed from your pack: “{title}”."),
    "pack_moved": ("«{title}» ahora es la número {n}.", "“{title}” is now number {n}."),
    "pack_preparing": ("Preparando el archivo…", "Preparing the file…"),
    "pack_downloaded": ("Descargado: {file}", "Downloaded: {file}"),
    "pack_saving": ("Guardando…", "Saving…"),
    "pack_saved": ("Guardado en el servidor como «{name}».", "Saved on the server as “{name}”."),
    "pack_failed": ("No se pudo: {detail}", "It did not work: {detail}"),
    "pack_need_title": ("Escriba el título del taller.", "Write the title of the workshop."),
    "pack_need_practices": ("Añada al menos una práctica.", "Add at least one practice."),
    "pack_replace_draft": ("¿Reemplazar el paquete que está armando por «{title}»?",
                           "Replace the pack you are building with “{title}”?"),
    "pack_confirm_clear": ("¿Vaciar el paquete? Se pierden el título, la introducción y las notas.",
                           "Empty the pack? Its title, introduction and notes are lost."),
}

# The page's script gets its words as JSON (api/static/app.js): its name for each word -> the key above. Words
# with {placeholders} are sent as they are; the script fills them in.
SCRIPT_WORDS = {
    "add": "add_to_pack", "remove_from_pack": "remove_from_pack", "added": "pack_added", "removed": "pack_removed",
    "move_up": "move_up", "move_down": "move_down", "remove": "remove", "moved": "pack_moved",
    "preparing": "pack_preparing", "downloaded": "pack_downloaded", "saving": "pack_saving", "saved": "pack_saved",
    "failed": "pack_failed", "need_title": "pack_need_title", "need_practices": "pack_need_practices",
    "replace_draft": "pack_replace_draft", "confirm_clear": "pack_confirm_clear", "note_label": "pack_note",
    "untitled": "my_pack",
}


def script_messages(lang: str) -> dict[str, str]:
    return {name: t(key, lang) for name, key in SCRIPT_WORDS.items()}


FACETS = ("country", "theme", "target_group", "gt_axis", "evidence", "language")
FACET_FIELD = {"theme": "themes", "target_group": "target_groups", "gt_axis": "gt_axes", "evidence": "evidence"}
LANGUAGE_NAMES = {"es": ("Español", "Spanish"), "en": ("Inglés", "English"), "fr": ("Francés", "French"),
                  "pt": ("Portugués", "Portuguese"), "de": ("Alemán", "German"), "nl": ("Neerlandés", "Dutch")}

EXAMPLES = {
    "es": ["homicidios con armas de fuego los fines de semana", "jóvenes reclutados por pandillas",
           "violencia contra las mujeres en la familia", "muertes en accidentes de tránsito"],
    "en": ["homicides near bars at night", "young people leaving gangs", "school bullying programme evaluated",
           "municipal crime observatory"],
}


def t(key: str, lang: str, **values) -> str:
    es, en = MESSAGES[key]
    text = en if lang == "en" else es
    return text.format(**values) if values else text


def facet_label(facet: str, value: str, lang: str) -> str:
    """A facet value in words: country names, vocabulary labels, language names."""
    if facet == "country":
        return country_label(value, lang)
    if facet == "language":
        names = LANGUAGE_NAMES.get(value)
        return (names[1] if lang == "en" else names[0]) if names else value
    return vocab.label(FACET_FIELD[facet], value, lang)
