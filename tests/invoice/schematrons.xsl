<?xml version="1.0" encoding="UTF-8"?>
<!-- tests/invoice/schematrons.xsl: runs compiled schematrons (XSLT 2, SVRL output) on every
     *.xml of a directory in one Saxon run (fn:transform), and prints one line per finding:
       DOC <file> <schematron> <rules fired>
       ERROR|WARNING <file> <schematron> <id> [<flag>] <text> @ <location>
       NOTE <file> <schematron> <id> <text>            (svrl:successful-report)
     A failed-assert whose flag is fatal, error or absent is an ERROR; flag="warning" a WARNING.
     Run: java -cp Saxon-HE.jar net.sf.saxon.Transform -it -xsl:schematrons.xsl
          dir=file:///abs/dir "schematrons=file:///abs/a.xslt file:///abs/b.xsl" -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="#all">
  <xsl:param name="dir" as="xs:string"/>
  <xsl:param name="schematrons" as="xs:string"/>
  <xsl:output method="text"/>
  <xsl:template name="xsl:initial-template">
    <xsl:for-each select="collection($dir || '?select=*.xml;stable=yes')">
      <xsl:sort select="document-uri(.)"/>
      <xsl:variable name="doc" select="."/>
      <xsl:variable name="name" select="tokenize(document-uri(.), '/')[last()]"/>
      <xsl:for-each select="tokenize(normalize-space($schematrons), ' ')">
        <xsl:variable name="sch" select="tokenize(., '/')[last()]"/>
        <xsl:variable name="r" select="transform(map{'stylesheet-location': ., 'source-node': $doc,
                                                      'cache': true()})?output"/>
        <xsl:value-of select="'DOC ' || $name || ' ' || $sch || ' ' || count($r//svrl:fired-rule) || '&#10;'"/>
        <xsl:for-each select="$r//svrl:failed-assert">
          <xsl:value-of select="(if (@flag = 'warning') then 'WARNING' else 'ERROR') || ' ' || $name || ' '
            || $sch || ' ' || (@id, '?')[1] || ' [' || (@flag, 'no flag')[1] || '] '
            || normalize-space(string-join(svrl:text, ' ')) || ' @ ' || @location || '&#10;'"/>
        </xsl:for-each>
        <xsl:for-each select="$r//svrl:successful-report">
          <xsl:value-of select="'NOTE ' || $name || ' ' || $sch || ' ' || (@id, '?')[1] || ' '
            || normalize-space(string-join(svrl:text, ' ')) || '&#10;'"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
