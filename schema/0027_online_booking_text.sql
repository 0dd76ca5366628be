-- 0027_online_booking_text: the prices page of the demo content (schema/demo/0001_demo.sql)
-- told companies to write in to check the room's availability, from before the room was
-- booked online. A database that still has that exact sentence (a demo or an installation
-- that kept the demo text) gets the current one, which points to the availability calendar
-- and the booking form. A page edited since is left as it is.
BEGIN;

UPDATE site_page
   SET body_md = replace(body_md,
       'Nous établissons un devis sur simple demande et une facture à l’issue de la location. Écrivez-nous pour vérifier les disponibilités.',
       '[Consultez ses disponibilités](/disponibilites/salle-de-conference) et [réservez en ligne](/reservation) : le prix s’affiche aussitôt, le devis se fait en un clic, la facture suit la location.')
 WHERE body_md LIKE '%Nous établissons un devis sur simple demande et une facture à l’issue de la location. Écrivez-nous pour vérifier les disponibilités.%';

COMMIT;
