{{%AUTOESCAPE context="HTML"}}<span class="inc">{{INNER}}</span>
