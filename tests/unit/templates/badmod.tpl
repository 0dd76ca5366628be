{{%AUTOESCAPE context="HTML"}}<p>{{X:nosuchmodifier}}</p>
