<?php
// tarifs.php: the /tarifs page as an association's PHP site would write it, for the side by
// side of `./dev bench` (tests/bench/php_bench.sh): PHP-FPM, a persistent connection
// (pg_pconnect), opcache on; the same three reads as Fontaine's program (the organisation
// with the number of active spaces (the network link of the footer), the page, the prices) and the same HTML, byte for byte (the bench compares the bodies).
// The page's Markdown is the subset the content uses (## headings, paragraphs, links,
// *emphasis*, **strong**), rendered as cmark does. The base URL comes from nginx
// (fastcgi_param FONTAINE_BASE_URL), the connection string from FONTAINE_PG.

function h(?string $s): string
{
    // As ctemplate's HTML escaping: & < > " and ' (as &#39;).
    return str_replace('&#039;', '&#39;', htmlspecialchars($s ?? '', ENT_QUOTES | ENT_HTML401, 'UTF-8'));
}

function inline_md(string $t): string
{
    $t = htmlspecialchars($t, ENT_NOQUOTES | ENT_HTML401, 'UTF-8');
    $t = str_replace('"', '&quot;', $t);
    $t = preg_replace_callback('/\[([^\]]+)\]\(([^)\s]+)\)/', fn($m) => '<a href="' . $m[2] . '">' . $m[1] . '</a>', $t);
    $t = preg_replace('/\*\*([^*]+)\*\*/', '<strong>$1</strong>', $t);
    return preg_replace('/\*([^*]+)\*/', '<em>$1</em>', $t);
}

function markdown(string $md): string
{
    $out = '';
    foreach (preg_split("/\n\s*\n/", trim(str_replace("\r", '', $md))) as $block) {
        if (preg_match('/^(#{1,6}) (.*)$/s', $block, $m)) {
            $n = strlen($m[1]);
            $out .= "<h$n>" . inline_md(trim($m[2])) . "</h$n>\n";
        } else {
            $out .= '<p>' . inline_md(trim($block)) . "</p>\n";
        }
    }
    return $out;
}

function money(?string $cents): string
{
    if ($cents === null)
        return '—';
    $v = (int) $cents;
    $int = (string) intdiv($v, 100);
    $int = preg_replace('/\B(?=(\d{3})+(?!\d))/', "\u{202F}", $int);
    return $int . ',' . sprintf('%02d', $v % 100) . "\u{00A0}€";
}

$db = pg_pconnect(getenv('FONTAINE_PG') ?: ($_SERVER['FONTAINE_PG'] ?? ''));
if (!$db) {
    http_response_code(503);
    exit;
}
$base = $_SERVER['FONTAINE_BASE_URL'] ?? '';
$org = pg_fetch_assoc(pg_query($db, 'SELECT name, legal_name, street, postcode, city, email, phone, '
    . '(SELECT count(*) FROM space_directory() WHERE active) AS spaces FROM organisation'));
$page = pg_fetch_assoc(pg_query_params($db, 'SELECT title, meta_description, body_md FROM site_page WHERE slug = $1', ['tarifs']));
$prices = pg_query($db, "SELECT category, label, unit, member_cents, non_member_cents, coalesce(note, '') AS note "
    . "FROM price WHERE active ORDER BY array_position(ARRAY['adhesion','coworking','bureau','salle'], category), sort_order, code");
$labels = ['adhesion' => 'Adhésion à l’association', 'coworking' => 'Coworking en espace partagé',
           'bureau' => 'Bureau privatif'];
$nav = ['/' => 'Accueil', '/coworking' => 'Le coworking', '/espace' => 'L’espace', '/tarifs' => 'Tarifs',
        '/evenements' => 'Événements', '/cooperative' => 'La coopérative', '/partenaires' => 'Partenaires',
        '/contact' => 'Contact'];
$site = h($org['name']);
$title = h($page['title']);
$desc = h($page['meta_description']);
$canonical = h($base . '/tarifs');
header('Content-Type: text/html; charset=utf-8');
if (isset($_GET['opcache'])) // the bench's check that opcache is on (not on measured requests)
    header('X-Opcache: ' . ((opcache_get_status(false)['opcache_enabled'] ?? false) ? 'on' : 'off'));
?>
<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?= $title ?> · <?= $site ?></title>
<meta name="description" content="<?= $desc ?>">
<link rel="canonical" href="<?= $canonical ?>">
<meta property="og:type" content="website">
<meta property="og:locale" content="fr_FR">
<meta property="og:site_name" content="<?= $site ?>">
<meta property="og:title" content="<?= $title ?>">
<meta property="og:description" content="<?= $desc ?>">
<meta property="og:url" content="<?= $canonical ?>">
<meta property="og:image" content="<?= h($base) ?>/static/img/og.png">
<link rel="stylesheet" href="/static/css/site.css">
<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="Les événements de La Fontaine (RSS)" href="/evenements.rss">
<link rel="alternate" type="text/calendar" title="Les événements de La Fontaine (iCalendar)" href="/evenements.ics">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site-header">
<div class="wrap header-inner">
<a class="brand" href="/"><img src="/static/img/logo.svg" alt="" width="40" height="40"><span><?= $site ?></span></a>
<nav class="main-nav" aria-label="Navigation principale">
<ul>
<?php foreach ($nav as $href => $label): ?>
<li><a href="<?= $href ?>"<?= $href === '/tarifs' ? ' aria-current="page"' : '' ?>><?= h($label) ?></a></li>
<?php endforeach; ?>
</ul>
</nav>
<div class="account">
<a href="/compte">Espace membre</a> <a class="button small" href="/adhesion">Adhérer</a>

</div>
</div>
</header>
<main id="contenu" tabindex="-1">
<div class="wrap">
<h1><?= $title ?></h1>
<div class="prose">
<?= markdown($page['body_md']) ?>

</div>
<section aria-labelledby="grille-titre">
<h2 id="grille-titre">La grille tarifaire</h2>
<p>Prix toutes taxes comprises. Le tarif adhérent s’applique aux membres de l’association à jour de leur cotisation.</p>
<?php $current = null; while ($p = pg_fetch_assoc($prices)):
    if ($p['category'] !== $current):
        if ($current !== null) echo "</tbody>\n</table>\n";
        $current = $p['category']; ?>
<table class="prices">
<caption><?= h($labels[$current] ?? 'Salle de réunion') ?></caption>
<thead><tr><th scope="col">Formule</th><th scope="col">Tarif adhérent</th><th scope="col">Tarif non adhérent</th></tr></thead>
<tbody>
<?php endif; ?>
<tr><th scope="row"><?= h($p['label']) ?> <span class="unit">(<?= h($p['unit']) ?>)</span><?= $p['note'] !== '' ? '<br><span class="note">' . h($p['note']) . '</span>' : '' ?></th><td><?= money($p['member_cents']) ?></td><td><?= money($p['non_member_cents']) ?></td></tr>
<?php endwhile; if ($current !== null) echo "</tbody>\n</table>\n"; ?>
<p><a class="button" href="/adhesion">Adhérer en ligne</a></p>
</section>
</div>
</main>
<footer class="site-footer">
<div class="wrap footer-inner">
<section aria-labelledby="footer-contact">
<h2 id="footer-contact"><?= h($org['name']) ?></h2>
<p>Espace de coworking coopératif animé par l’association <?= h($org['legal_name']) ?>.</p>
<address><?= h($org['street']) ?><br><?= h($org['postcode']) ?> <?= h($org['city']) ?><br>
<a href="mailto:<?= h($org['email']) ?>"><?= h($org['email']) ?></a><br><?= h($org['phone']) ?></address>
</section>
<nav aria-label="Informations légales">
<ul>
<li><a href="/mentions-legales">Mentions légales</a></li>
<li><a href="/confidentialite">Confidentialité</a></li>
<li><a href="/statuts">Statuts et règlement intérieur</a></li>
<li><a href="/partenaires">Nos financeurs</a></li>
<?= (int) $org['spaces'] > 1 ? "<li><a href=\"/reseau\">Les lieux du réseau</a></li>\n" : '' ?>
</ul>
</nav>
<p class="copy">© <?= date('Y') ?> <?= $site ?></p>
</div>
</footer>
</body>
</html>
