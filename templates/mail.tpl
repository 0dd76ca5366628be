{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{SUBJECT}}</title>
</head>
<body style="margin:0;padding:24px;background:#faf7f0;color:#1f2a2e;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-top:6px solid #0a4f5c">
<p style="font-size:20px;font-weight:bold;color:#0a4f5c;margin-top:0">{{SPACE_NAME}}</p>
{{#GREETING_SEC}}<p>{{GREETING}}</p>{{/GREETING_SEC}}
{{#BODY_HTML_SEC}}{{BODY_HTML:none}}
{{/BODY_HTML_SEC}}{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}{{#ACTION}}<p><a href="{{ACTION_URL}}" style="display:inline-block;background:#0a4f5c;color:#ffffff;padding:12px 20px;text-decoration:none;border-radius:4px">{{ACTION_LABEL}}</a></p>
<p style="font-size:14px;color:#55605f">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :<br>{{ACTION_URL}}</p>
{{/ACTION}}{{#AFTER}}<p>{{TEXT}}</p>
{{/AFTER}}<p>À bientôt à {{SPACE_NAME}} !</p>
<p style="font-size:14px;color:#55605f">{{SPACE_NAME}}, coworking coopératif{{#CITY}} à {{SPACE_CITY}}{{/CITY}}<br><a href="{{BASE_URL}}" style="color:#0b5c6b">{{BASE_URL}}</a></p>
</div>
</body>
</html>
