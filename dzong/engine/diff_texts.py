"""The diff's sentences and the names of what they mention, in every supported language."""

from __future__ import annotations

from dzong.engine.definition import Text

# The sentence of each kind of change.
SENTENCES: dict[str, Text] = {
    "text_changed": Text(
        en="{part} changed from '{old}' to '{new}'",
        dz="{part} འདི་ '{old}' ལས་ '{new}' ལུ་བསྒྱུར་ཡི།",
    ),
    "page_added": Text(en="page '{page}' added", dz="ཤོག་ལེབ་ '{page}' ཁ་སྐོང་བརྐྱབ་ཡི།"),
    "page_removed": Text(en="page '{page}' removed", dz="ཤོག་ལེབ་ '{page}' བཏོན་གཏང་ཡི།"),
    "pages_reordered": Text(
        en="the order of the pages changed",
        dz="ཤོག་ལེབ་ཚུ་གི་གོ་རིམ་བསྒྱུར་ཡི།",
    ),
    "field_added": Text(
        en="field '{field}' added to page '{page}'",
        dz="དྲི་བ་ '{field}' ཤོག་ལེབ་ '{page}' ལུ་ཁ་སྐོང་བརྐྱབ་ཡི།",
    ),
    "field_removed": Text(
        en="field '{field}' removed from page '{page}'",
        dz="དྲི་བ་ '{field}' ཤོག་ལེབ་ '{page}' ལས་བཏོན་གཏང་ཡི།",
    ),
    "field_moved": Text(
        en="field '{field}' moved from page '{old}' to page '{new}'",
        dz="དྲི་བ་ '{field}' ཤོག་ལེབ་ '{old}' ལས་ ཤོག་ལེབ་ '{new}' ལུ་སྤོ་ཡི།",
    ),
    "fields_reordered": Text(
        en="the order of the fields on page '{page}' changed",
        dz="ཤོག་ལེབ་ '{page}' གུ་གི་དྲི་བ་ཚུ་གི་གོ་རིམ་བསྒྱུར་ཡི།",
    ),
    "field_changed": Text(
        en="field '{field}': {part} changed from '{old}' to '{new}'",
        dz="དྲི་བ་ '{field}' གི་ {part} འདི་ '{old}' ལས་ '{new}' ལུ་བསྒྱུར་ཡི།",
    ),
    "fee_added": Text(en="fee '{fee}' added", dz="གླ་ཆ་ '{fee}' ཁ་སྐོང་བརྐྱབ་ཡི།"),
    "fee_removed": Text(en="fee '{fee}' removed", dz="གླ་ཆ་ '{fee}' བཏོན་གཏང་ཡི།"),
    "fee_changed": Text(
        en="fee '{fee}' changed from {old} to {new}",
        dz="གླ་ཆ་ '{fee}' འདི་ {old} ལས་ {new} ལུ་བསྒྱུར་ཡི།",
    ),
    "item_added": Text(en="{part} '{name}' added", dz="{part} '{name}' ཁ་སྐོང་བརྐྱབ་ཡི།"),
    "item_removed": Text(en="{part} '{name}' removed", dz="{part} '{name}' བཏོན་གཏང་ཡི།"),
    "item_changed": Text(en="{part} '{name}' changed", dz="{part} '{name}' བསྒྱུར་ཡི།"),
    "section_changed": Text(en="{part} changed", dz="{part} བསྒྱུར་ཡི།"),
    "detail_changed": Text(
        en="{part} '{name}': {what} changed",
        dz="{part} '{name}' གི་ {what} བསྒྱུར་ཡི།",
    ),
    "detail_changed_from": Text(
        en="{part} '{name}': {what} changed from '{old}' to '{new}'",
        dz="{part} '{name}' གི་ {what} འདི་ '{old}' ལས་ '{new}' ལུ་བསྒྱུར་ཡི།",
    ),
    "deadline_changed": Text(
        en="step '{name}': deadline changed from {old} to {new} working days",
        dz=("རིམ་པ་ '{name}' གི་ དུས་ཚོད་མཇུག་བསྡུ་ནི་འདི་ ལཱ་གི་ཉིན་གྲངས་ {old} ལས་ {new} ལུ་བསྒྱུར་ཡི།"),
    ),
    "max_size_changed": Text(
        en="document '{name}': maximum size changed from {old} MB to {new} MB",
        dz="ཡིག་ཆ་ '{name}' གི་ ཚད་མཐོ་ཤོས་འདི་ {old} MB ལས་ {new} MB ལུ་བསྒྱུར་ཡི།",
    ),
    "action_leads": Text(
        en="action '{action}' of step '{name}' now leads to '{new}'",
        dz="རིམ་པ་ '{name}' གི་ བྱ་བ་ '{action}' འདི་ ད་ལས་ཕར་ '{new}' ལུ་འགྱོཝ་ཨིན།",
    ),
    "detail_added": Text(
        en="{part} '{name}': {what} '{item}' added",
        dz="{part} '{name}' ནང་ {what} '{item}' ཁ་སྐོང་བརྐྱབ་ཡི།",
    ),
    "detail_removed": Text(
        en="{part} '{name}': {what} '{item}' removed",
        dz="{part} '{name}' ནང་ལས་ {what} '{item}' བཏོན་གཏང་ཡི།",
    ),
    "row_changed": Text(
        en="{part} '{name}': {what} '{item}' changed",
        dz="{part} '{name}' གི་ {what} '{item}' བསྒྱུར་ཡི།",
    ),
    "row_changed_from": Text(
        en="{part} '{name}': {what} '{item}' changed from '{old}' to '{new}'",
        dz="{part} '{name}' གི་ {what} '{item}' འདི་ '{old}' ལས་ '{new}' ལུ་བསྒྱུར་ཡི།",
    ),
    "details_reordered": Text(
        en="{part} '{name}': the order of the {what} changed",
        dz="{part} '{name}' གི་ {what} ཚུ་གི་གོ་རིམ་ བསྒྱུར་ཡི།",
    ),
    "message_added": Text(
        en="message on '{event}' added",
        dz="'{event}' གི་སྐབས་ཀྱི་ འཕྲིན་དོན་ཁ་སྐོང་བརྐྱབ་ཡི།",
    ),
    "message_removed": Text(
        en="message on '{event}' removed",
        dz="'{event}' གི་སྐབས་ཀྱི་ འཕྲིན་དོན་བཏོན་གཏང་ཡི།",
    ),
    "message_changed": Text(
        en="message on '{event}': {what} changed",
        dz="'{event}' གི་སྐབས་ཀྱི་ འཕྲིན་དོན་གྱི་ {what} བསྒྱུར་ཡི།",
    ),
}

# The name of each part of a definition that a sentence mentions.
PARTS: dict[str, Text] = {
    "title": Text(en="title", dz="མགོ་མིང་།"),
    "summary": Text(en="summary", dz="བཅུད་བསྡུས།"),
    "page title": Text(en="page title", dz="ཤོག་ལེབ་ཀྱི་མགོ་མིང་།"),
    "first step": Text(en="first step", dz="རིམ་པ་དང་པ།"),
    "label": Text(en="label", dz="དྲི་བའི་ཚིག"),
    "hint": Text(en="hint", dz="གྲོགས་རམ་ཡིག་ཚིག"),
    "type": Text(en="type", dz="རིགས།"),
    "required": Text(en="required", dz="དགོཔ།"),
    "show_if": Text(en="shown when", dz="སྟོན་པའི་སྐབས།"),
    "choices": Text(en="choices", dz="གདམ་ཁ།"),
    "page": Text(en="page", dz="ཤོག་ལེབ།"),
    "field": Text(en="field", dz="དྲི་བ།"),
    "fee": Text(en="fee", dz="གླ་ཆ།"),
    "step": Text(en="step", dz="རིམ་པ།"),
    "role": Text(en="role", dz="འགན་ཁུར།"),
    "document": Text(en="document", dz="ཡིག་ཆ།"),
    "registration": Text(en="registration", dz="ཐོ་བཀོད།"),
    "certificate": Text(en="certificate", dz="ལག་ཁྱེར།"),
    "description": Text(en="public description", dz="མི་མང་གི་འགྲེལ་བཤད།"),
    "messages": Text(en="messages", dz="འཕྲིན་དོན།"),
    "workflow": Text(en="workflow", dz="ལཱ་གི་རིམ་པ།"),
    "name": Text(en="name", dz="མིང་།"),
    "agency": Text(en="agency", dz="ལས་སྡེ།"),
    "number_prefix": Text(en="number prefix", dz="ཨང་གི་མགོ་ཡིག"),
    "applies_if": Text(en="when it is granted", dz="གནང་བའི་སྐབས།"),
    "deadline_days": Text(en="deadline", dz="མཇུག་བསྡུ་དགོ་པའི་དུས་ཚོད།"),
    "rule": Text(en="rule", dz="བཅའ་ཡིག"),
    "if_true": Text(en="where it leads when true", dz="བདེན་པ་ཅིན་ འགྱོ་སའི་ས་གནས།"),
    "if_false": Text(en="where it leads when false", dz="རྫུན་པ་ཅིན་ འགྱོ་སའི་ས་གནས།"),
    "outcome": Text(en="outcome", dz="གྲུབ་འབྲས།"),
    "action": Text(en="action", dz="བྱ་བ།"),
    "actions": Text(en="actions", dz="བྱ་བ་ཚུ།"),
    "send_back": Text(en="sends back for corrections", dz="ནོར་བཅོས་ཀྱི་དོན་ལུ་ སླར་ལོག་གཏང་།"),
    "reason_required": Text(en="a reason is required", dz="རྒྱུ་མཚན་དགོ"),
    "valid_for_days": Text(en="days it is valid", dz="ནུས་ཚད་ཡོད་པའི་ཉིན་གྲངས།"),
    "valid_for_years": Text(en="years it is valid", dz="ནུས་ཚད་ཡོད་པའི་ལོ་གྲངས།"),
    "valid_for_months": Text(en="months it is valid", dz="ནུས་ཚད་ཡོད་པའི་ཟླ་གྲངས།"),
    "table": Text(en="table of entries", dz="ཐོ་བཀོད་ཀྱི་རེའུ་མིག།"),
    "valid_from": Text(en="valid from", dz="ནུས་ཚད་འགོ་བཙུགས་ཚེས།"),
    "valid_until": Text(en="valid until", dz="ནུས་ཚད་ཡོད་པའི་ཚེས།"),
    "template": Text(en="letter", dz="ཡི་གུ།"),
    "fact": Text(en="fact", dz="བརྡ་དོན།"),
    "facts": Text(en="facts", dz="བརྡ་དོན་ཚུ།"),
    "value": Text(en="value", dz="གནས་གོང་།"),
    "accepted files": Text(en="accepted files", dz="ངོས་ལེན་འབད་མི་ཡིག་སྣོད།"),
    "choice list": Text(en="choice list", dz="གདམ་ཁའི་ཐོ་ཡིག"),
    "choice_lists": Text(en="choice lists", dz="གདམ་ཁའི་ཐོ་ཡིག་ཚུ།"),
    "option": Text(en="option", dz="གདམ་ཁ།"),
    "options": Text(en="options", dz="གདམ་ཁ་ཚུ།"),
    "subject": Text(en="subject", dz="དོན་ཚན།"),
    "body": Text(en="text", dz="ཡིག་ཚིག"),
    "sms": Text(en="text message (SMS)", dz="འཕྲིན་ཐུང་། (SMS)"),
    "when it is sent": Text(en="when it is sent", dz="གཏང་བའི་སྐབས།"),
    "documents": Text(en="documents", dz="ཡིག་ཆ་ཚུ།"),
    "roles": Text(en="roles", dz="འགན་ཁུར་ཚུ།"),
}

# What changed inside a part, where the same key means something else at the top.
DETAILS: dict[str, Text] = {
    "description": Text(en="description", dz="འགྲེལ་བཤད།"),
}

# Values shown as words.
WORDS: dict[str, Text] = {
    "yes": Text(en="yes", dz="ཨིན།"),
    "no": Text(en="no", dz="མེན།"),
}

IN_DZONGKHA = Text(en="{part} (Dzongkha)", dz="{part} (རྫོང་ཁ)")
