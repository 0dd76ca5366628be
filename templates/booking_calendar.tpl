{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<p class="kind"><a href="{{BASE}}/disponibilites">Disponibilités</a></p>
<h1>{{TITLE}}</h1>
{{#EQUIPMENT}}<p>Équipement : {{LIST}}.</p>
{{/EQUIPMENT}}{{#OPEN_SPACE}}<p>{{CAPACITY}} postes de travail : le nombre de places libres est indiqué pour chaque demi-journée. Les membres réservent depuis <a href="{{BASE}}/mes-reservations">leur espace</a>.</p>
{{/OPEN_SPACE}}<nav aria-label="Semaines">
<p><a href="{{BASE}}/disponibilites/{{SLUG}}?semaine={{PREV_WEEK:u}}" rel="prev">← Semaine précédente</a> · <a href="{{BASE}}/disponibilites/{{SLUG}}">Cette semaine</a> · <a href="{{BASE}}/disponibilites/{{SLUG}}?semaine={{NEXT_WEEK:u}}" rel="next">Semaine suivante →</a></p>
</nav>
<div class="table-scroll availability-week" tabindex="0">
<table class="prices availability">
<caption>{{CAPTION}}</caption>
<thead>
<tr><th scope="col">Créneau</th>{{#DAY}}<th scope="col"><time datetime="{{DAY_ISO}}">{{DAY_LABEL}}</time></th>{{/DAY}}</tr>
</thead>
<tbody>
{{#SLOT}}<tr><th scope="row">{{SLOT_LABEL}}</th>{{#CELL}}<td class="{{CLASS}}">{{STATE}}{{#REASON}}<br><small>{{REASON_TEXT}}</small>{{/REASON}}{{#BOOK}}<br><a href="{{BASE}}/reservation?jour={{BOOK_DAY:u}}&amp;creneau={{BOOK_SLOT:u}}" aria-label="{{BOOK_LABEL}}">Réserver</a>{{/BOOK}}</td>{{/CELL}}</tr>
{{/SLOT}}</tbody>
</table>
</div>
<section class="availability-days" aria-labelledby="week-days">
<h2 id="week-days">{{CAPTION}}</h2>
<ol>
{{#DAY_ITEM}}<li><h3><time datetime="{{DAY_ISO}}">{{DAY_LABEL}}</time></h3>
<dl>
{{#DAY_SLOT}}<div class="{{CLASS}}"><dt>{{SLOT_LABEL}}</dt><dd>{{STATE}}{{#REASON}} <small>({{REASON_TEXT}})</small>{{/REASON}}{{#BOOK}} <a href="{{BASE}}/reservation?jour={{BOOK_DAY:u}}&amp;creneau={{BOOK_SLOT:u}}" aria-label="{{BOOK_LABEL}}">Réserver</a>{{/BOOK}}</dd></div>
{{/DAY_SLOT}}</dl>
</li>
{{/DAY_ITEM}}</ol>
</section>
<p>Légende : « Libre » = disponible, « Réservé » ou « Complet » = déjà pris, « Fermé » = le lieu est fermé (week-end, jour férié, congés).</p>
{{#ROOM}}<p><a class="button" href="{{BASE}}/reservation?salle={{SLUG:u}}">Réserver la salle</a> <a class="button secondary" href="{{BASE}}/disponibilites/{{SLUG}}.ics">S’abonner à l’occupation (iCalendar)</a></p>
{{/ROOM}}</div>
