<#-- NOTICE of the release archive, written at build time by license-maven-plugin's add-third-party from the
     bundled libraries' own POM metadata (name, coordinates, licenses). -->
Postcard
Copyright the Postcard authors. Licensed under the Apache License, Version 2.0: see LICENSE.

lib/postcard.jar is Postcard's server and command line. The other jars in lib/ are the libraries it runs on,
${dependencyMap?size} of them, each under its own license as its published metadata names it:
<#list dependencyMap as e>
<#assign p = e.getKey()/>

lib/${p.artifactId}-${p.version}.jar
    ${p.name} (${p.groupId}:${p.artifactId}:${p.version})<#if p.url?has_content> ${p.url}</#if>
    License: ${e.getValue()?join("; ")}
</#list>
