-- Demo invoicing data: two customers with accounts (a company renting an office desk and a
-- coworker on a monthly formula), their membership fees and formulas, the monthly run of the
-- current month, one invoice issued and partly paid, one draft left for review, a SEPA mandate.
-- DEMO ONLY (applied with --demo).

INSERT INTO person (email, first_name, last_name, profile, company_name, siren, billing_street,
                    billing_postcode, billing_city, role, status)
VALUES
    ('compta@atelier-garonne.example', 'Léa', 'Martin', 'organisation', 'Atelier Garonne SARL',
     '732829320', '3 quai de la Garonne', '47000', 'Agen', 'member', 'pending'),
    ('hugo.bernard@exemple.example', 'Hugo', 'Bernard', 'independant', NULL, NULL,
     '8 rue des Cornières', '47000', 'Agen', 'member', 'pending')
ON CONFLICT DO NOTHING;

INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
SELECT p.id, date_trunc('year', paris_today())::date,
       (date_trunc('year', paris_today()) + interval '1 year - 1 day')::date, 2000
FROM person p
WHERE p.email IN ('compta@atelier-garonne.example', 'hugo.bernard@exemple.example')
  AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id);

INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on)
SELECT p.id, 'month_open_space', 15000, true, 'active', date_trunc('month', paris_today())::date
FROM person p WHERE p.email = 'hugo.bernard@exemple.example'
  AND EXISTS (SELECT 1 FROM price WHERE code = 'month_open_space')
  AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id);

INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on,
                            halfdays_total)
SELECT p.id, 'carnet_10', 7000, true, 'active', paris_today(), 10
FROM person p WHERE p.email = 'compta@atelier-garonne.example'
  AND EXISTS (SELECT 1 FROM price WHERE code = 'carnet_10')
  AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id);

SELECT invoice_run(paris_today());

-- The company's invoice is issued and half paid; the coworker's stays a draft.
SELECT invoice_issue(i.id, NULL) FROM invoice i JOIN person p ON p.id = i.person_id
WHERE p.email = 'compta@atelier-garonne.example' AND i.status = 'draft';

INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference)
SELECT i.id, paris_today(), i.gross_cents / 2, 'virement', 'VIR ATELIER GARONNE'
FROM invoice i JOIN person p ON p.id = i.person_id
WHERE p.email = 'compta@atelier-garonne.example' AND i.status = 'issued';

INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban, bic)
SELECT p.id, 'FONTAINE-2026-0001', paris_today(), 'Hugo Bernard', 'FR7630006000011234567890189', 'AGRIFRPP'
FROM person p WHERE p.email = 'hugo.bernard@exemple.example'
ON CONFLICT DO NOTHING;
