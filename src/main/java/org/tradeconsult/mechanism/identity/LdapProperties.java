package org.tradeconsult.mechanism.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LDAP directory the engine reads users, groups and memberships from in the {@code ldap}
 * profile ({@code docs/LDAP.md}). Group entries must be named by the mechanism's group ids
 * ({@link MechanismGroup}), since BPMN candidate groups and authorizations refer to them.
 *
 * @param serverUrl the directory's URL, e.g. {@code ldaps://ldap.example.org:636}
 * @param managerDn the account the engine binds with to search the directory (read access suffices)
 * @param managerPassword that account's password; from the environment only
 * @param baseDn the subtree every search base below is relative to
 * @param userSearchBase where users are searched, relative to {@code baseDn}
 * @param userSearchFilter which entries under {@code userSearchBase} are users
 * @param userIdAttribute the attribute holding a user's login name (the Camunda user id)
 * @param userFirstnameAttribute the attribute shown as a user's first name
 * @param userLastnameAttribute the attribute shown as a user's last name
 * @param userEmailAttribute the attribute holding a user's e-mail address
 * @param groupSearchBase where groups are searched, relative to {@code baseDn}
 * @param groupSearchFilter which entries under {@code groupSearchBase} are groups
 * @param groupIdAttribute the attribute holding a group's id, e.g. {@code us-co-leads}
 * @param groupNameAttribute the attribute shown as a group's name
 * @param groupMemberAttribute the attribute of a group listing its members' DNs
 * @param useSsl whether to ask for TLS explicitly (an {@code ldaps://} URL uses it anyway)
 * @param sortControlSupported whether the server sorts results (RFC 2891); off if unsure
 * @param pageSize page size of searches (RFC 2696 paged results), or null not to page
 * @param authorizationCheckEnabled whether lookups of users and groups need Camunda READ authorizations, as with the database identity
 */
@ConfigurationProperties("mechanism.ldap")
public record LdapProperties(
    String serverUrl,
    String managerDn,
    String managerPassword,
    @DefaultValue("") String baseDn,
    @DefaultValue("") String userSearchBase,
    @DefaultValue("(objectclass=person)") String userSearchFilter,
    @DefaultValue("uid") String userIdAttribute,
    @DefaultValue("givenName") String userFirstnameAttribute,
    @DefaultValue("sn") String userLastnameAttribute,
    @DefaultValue("mail") String userEmailAttribute,
    @DefaultValue("") String groupSearchBase,
    @DefaultValue("(objectclass=groupOfNames)") String groupSearchFilter,
    @DefaultValue("cn") String groupIdAttribute,
    @DefaultValue("description") String groupNameAttribute,
    @DefaultValue("member") String groupMemberAttribute,
    @DefaultValue("false") boolean useSsl,
    @DefaultValue("false") boolean sortControlSupported,
    Integer pageSize,
    @DefaultValue("true") boolean authorizationCheckEnabled) {}
