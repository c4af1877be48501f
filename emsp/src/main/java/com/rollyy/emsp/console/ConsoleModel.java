package com.rollyy.emsp.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What every console page shows in its header (who is signed in, with which role), and the
 * post-redirect-get messages of operator actions: a handler calls {@link #notice} or {@link #problem}
 * and redirects; the page it lands on shows the message once (layout fragment {@code flash}).
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private final ConsoleProperties properties;

    ConsoleModel(ConsoleProperties properties) {
        this.properties = properties;
    }

    /** The single sign-on button's label on the sign-in page, when OIDC is configured; else absent. */
    @ModelAttribute
    void singleSignOn(Model model) {
        if (properties.oidc().enabled()) {
            model.addAttribute("oidcName", properties.oidc().name());
            model.addAttribute("oidcPath", ConsoleOidc.AUTHORIZATION_BASE + "/" + ConsoleOidc.REGISTRATION_ID);
        }
    }

    @ModelAttribute
    void signedIn(Model model, Authentication authentication) {
        if (authentication != null) {
            boolean operator = authentication.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals(OperatorRole.OPERATOR.authority()));
            model.addAttribute("operatorName", authentication.getName());
            model.addAttribute("operatorRole", operator ? "operator" : "viewer");
            model.addAttribute("mayAct", operator);
        }
    }

    /** A success message for the page the redirect lands on (shown with role=status). */
    static void notice(RedirectAttributes redirect, String message) {
        redirect.addFlashAttribute("notice", message);
    }

    /** A failure message for the page the redirect lands on (shown with role=alert). */
    static void problem(RedirectAttributes redirect, String message) {
        redirect.addFlashAttribute("problem", message);
    }

    /**
     * What the audit log records about this action besides its path and status (an amount, an id,
     * a choice): read by {@link ConsoleAuditInterceptor} when the request completes.
     */
    static void auditDetail(HttpServletRequest request, Map<String, ?> detail) {
        request.setAttribute(ConsoleAuditInterceptor.DETAIL, detail);
    }
}
