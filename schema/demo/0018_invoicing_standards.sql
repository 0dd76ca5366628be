-- Demo invoicing data for the e-invoicing rules and SEPA (DEMO ONLY, applied with --demo):
-- the demo association (VAT franchise, art. 293 B) declares the intra-community VAT number it
-- holds (FR + key + SIREN), the SEPA creditor identifier is the valid test ICS FR72ZZZ123456,
-- and the demo mandate debits the coworker's own account, not the association's.

UPDATE organisation SET vat_number = 'FR11123456782'
WHERE id = 1 AND siren = '123456782' AND vat_number IS NULL;

INSERT INTO app_setting (key, value) VALUES ('sepa_creditor_id', 'FR72ZZZ123456')
ON CONFLICT (key) DO NOTHING;

UPDATE sepa_mandate SET iban = 'FR7630004005500001234567840', bic = 'BNPAFRPP'
WHERE rum = 'FONTAINE-2026-0001' AND iban = 'FR7630006000011234567890189';
