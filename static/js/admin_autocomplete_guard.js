// Pressing Enter in an autocomplete box (the statement's agency, its co-issuers, a
// position's order) before the search for what was typed has answered used to pick
// the first entry of the previous list: a statement saved under the first agency of
// the alphabet. Here a choice is taken only from results for the words in the box.
'use strict';
{
    const $ = django.jQuery;
    // The term each select's latest answered search was for.
    const answeredTerm = new WeakMap();
    let openSelect = null;

    const termOf = (url) => {
        try {
            return (new URL(url, window.location.href).searchParams.get('term') || '').trim();
        } catch (error) {
            return '';
        }
    };

    $(document).on('select2:open', 'select.admin-autocomplete', function () {
        openSelect = this;
        answeredTerm.set(this, '');
    });

    $(document).ajaxComplete(function (event, xhr, settings) {
        if (openSelect && settings.url && settings.url.includes('/autocomplete/')) {
            answeredTerm.set(openSelect, termOf(settings.url));
        }
    });

    $(document).on('select2:selecting', 'select.admin-autocomplete', function (event) {
        const box = document.querySelector('.select2-container--open .select2-search__field');
        const typed = box ? box.value.trim() : '';
        if (typed !== (answeredTerm.get(this) || '')) {
            // The list shown is not for what was typed yet: wait for it.
            event.preventDefault();
        }
    });
}
