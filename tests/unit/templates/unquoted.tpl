{{%AUTOESCAPE context="HTML"}}<a href={{URL}}>lien</a>
