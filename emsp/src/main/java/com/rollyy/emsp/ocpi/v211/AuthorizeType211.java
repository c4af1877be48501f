package com.rollyy.emsp.ocpi.v211;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.rollyy.emsp.ocpi.IssuedTokens;
import com.rollyy.emsp.ocpi.OcpiPaths;

/**
 * The token type of a 2.1.1 real-time authorization, a query parameter (not a body, so not
 * {@link Tokens211}'s): {@code POST /ocpi/2.1.1/tokens/{uid}/authorize?type=} — the 2.1.1 text
 * names it {@code token_type} in its parameter table and {@code type} in the URL (mod_tokens.md
 * §2.2.2), so both are read. 2.1.1 knows RFID and OTHER only, and our APP_USER and AD_HOC_USER
 * tokens went out to it as OTHER: an OTHER asks for our token with that uid of type OTHER, else
 * APP_USER, else AD_HOC_USER. Without a type the default stays RFID, as in every version.
 */
@Component
class AuthorizeType211 extends OncePerRequestFilter {

    private static final String PREFIX = "/ocpi/2.1.1/tokens/";
    private static final String SUFFIX = "/authorize";
    /** What a 2.1.1 OTHER may be among our types, in this order. */
    private static final List<String> OTHER_IS = List.of("OTHER", "APP_USER", "AD_HOC_USER");

    private final ObjectProvider<IssuedTokens> issued;

    AuthorizeType211(ObjectProvider<IssuedTokens> issued) {
        this.issued = issued;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = OcpiPaths.stripTrailingSlash(OcpiPaths.of(request));
        return !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
                || path.length() <= PREFIX.length() + SUFFIX.length();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = OcpiPaths.stripTrailingSlash(OcpiPaths.of(request));
        String uid = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        String type = request.getParameter("type") != null ? request.getParameter("type")
                : request.getParameter("token_type");
        if (type == null) {
            chain.doFilter(request, response);
            return;
        }
        String meant = type;
        if (type.toUpperCase(Locale.ROOT).equals("OTHER")) {
            List<String> ours = issued.orderedStream().flatMap(i -> i.typesOf(uid).stream()).toList();
            meant = OTHER_IS.stream().filter(ours::contains).findFirst().orElse("OTHER");
        } else if (type.equalsIgnoreCase("RFID")) {
            meant = "RFID";
        }
        chain.doFilter(withType(request, meant), response);
    }

    private static HttpServletRequest withType(HttpServletRequest request, String type) {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        parameters.remove("token_type");
        parameters.put("type", new String[] {type});
        Map<String, String[]> fixed = Collections.unmodifiableMap(parameters);
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = fixed.get(name);
                return values == null || values.length == 0 ? null : values[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return fixed;
            }

            @Override
            public Enumeration<String> getParameterNames() {
                return Collections.enumeration(fixed.keySet());
            }

            @Override
            public String[] getParameterValues(String name) {
                return fixed.get(name);
            }

            @Override
            public String getQueryString() {
                return "type=" + type;
            }
        };
    }
}
