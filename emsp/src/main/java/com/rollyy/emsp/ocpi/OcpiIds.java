package com.rollyy.emsp.ocpi;

/**
 * What an OCPI id may be here: a CiString (printable ASCII, spec types §CiString) that can also
 * be one segment of our URLs, where every id of ours ends up ({@code /locations/{cc}/{pid}/{id}},
 * the Location of a CDR): no '/', no '\' (Tomcat refuses both, even encoded), and not the dot
 * segments '.' or '..', which URL resolution turns into another path. Checked on ids in bodies
 * ({@link OcpiId}) and in URL paths ({@link #requireSegment}), so nothing stored needs an id no
 * request could name.
 */
public final class OcpiIds {

    public static final String RULE = "must be printable ASCII, without '/' or '\\', and not '.' or '..'";

    private OcpiIds() {
    }

    public static boolean valid(String id) {
        if (id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** An id taken from the URL path: 2001 naming the segment when it is too long or no id. */
    public static String requireSegment(String name, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw OcpiException.invalidParameter("URL segment '" + name + "' is longer than " + maxLength
                    + " characters");
        }
        if (value.isEmpty() || !valid(value)) {
            throw OcpiException.invalidParameter("URL segment '" + name + "' " + RULE);
        }
        return value;
    }
}
