-- Demo data: the invoicing details of the second organisation, Les Coteaux numériques (La
-- Grange, schema/demo/0030_second_space.sql): its bank account and SEPA creditor identifier,
-- printed on its own invoices and SEPA files (schema/0033). Organisation 1 keeps its details in
-- app_setting.
--
-- DEMO ONLY: the IBAN is the French banks' published example, the creditor identifier made up
-- (its check digits are right, it names nobody).

INSERT INTO organisation_setting (organisation_id, key, value)
SELECT 2, k, v FROM (VALUES ('invoice_iban', 'FR7630004000031234567890143'),
                            ('invoice_bic', 'BNPAFRPP'),
                            ('sepa_creditor_id', 'FR19ZZZ654321')) x (k, v)
WHERE EXISTS (SELECT 1 FROM organisation WHERE id = 2)
ON CONFLICT (organisation_id, key) DO NOTHING;

-- Its intra-community VAT number (from its SIREN; a VAT-exempt association may hold one, as La
-- Fontaine's demo does): EN 16931 (BR-E-02) wants the seller's VAT identifier on a VAT-exempt
-- invoice, so that its documents are valid e-invoices.
UPDATE organisation SET vat_number = 'FR26471209353' WHERE id = 2 AND siren = '471209353' AND vat_number IS NULL;
