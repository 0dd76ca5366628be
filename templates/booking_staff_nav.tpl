{{%AUTOESCAPE context="HTML"}}<nav aria-label="Accueil et réservations">
<ul class="inline-list">
<li><a href="/admin">Back office</a></li>
<li><a href="/admin/accueil">Accueil du jour</a></li>
<li><a href="/admin/reservations">Réservations de salle</a></li>
<li><a href="/admin/reservations/baux">Baux des bureaux</a></li>
</ul>
</nav>
