{{%AUTOESCAPE context="HTML"}}<div>
{{#OPEN}}<p>{{X}}</p>
</div>
